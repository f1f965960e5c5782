import pytest

from demo.factories import ResourceIndexPageFactory


@pytest.fixture
def library(home):
    return ResourceIndexPageFactory(parent=home)
