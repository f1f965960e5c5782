import pytest

from tests.factories import ResourceIndexPageFactory


@pytest.fixture
def library(home):
    return ResourceIndexPageFactory(parent=home)
