"""Each board's "blocked words" (one a line; posts using them were held) become watched words
with the "hold" action on that board, so they keep doing exactly what they did."""

from django.db import migrations
from django.db.models.functions import Lower


def forwards(apps, schema_editor):
    BoardPage = apps.get_model("forums", "BoardPage")
    WatchedWord = apps.get_model("forums", "WatchedWord")
    for board in BoardPage.objects.exclude(blocked_words=""):
        seen = set(
            WatchedWord.objects.filter(board=board).annotate(w=Lower("word")).values_list("w", flat=True)
        )
        for line in board.blocked_words.splitlines():
            word = line.strip()[:100]
            if word and word.casefold() not in seen:
                WatchedWord.objects.create(word=word, action="hold", board=board)
                seen.add(word.casefold())


def backwards(apps, schema_editor):
    BoardPage = apps.get_model("forums", "BoardPage")
    WatchedWord = apps.get_model("forums", "WatchedWord")
    for board in BoardPage.objects.all():
        words = list(WatchedWord.objects.filter(board=board, action="hold").values_list("word", flat=True))
        if words:
            BoardPage.objects.filter(pk=board.pk).update(blocked_words="\n".join(words))


class Migration(migrations.Migration):
    dependencies = [("forums", "0010_moderator_tools")]

    operations = [migrations.RunPython(forwards, backwards)]
