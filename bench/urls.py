from django.urls import path

from bench import views

urlpatterns = [
    path("minimal/", views.minimal, name="bench_minimal"),
    path("stock-wagtail-page/", views.stock_wagtail_page, name="bench_stock_wagtail_page"),
]
