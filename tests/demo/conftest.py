import pytest


@pytest.fixture(autouse=True)
def _debug_on(settings):
    """seed_demo runs only with DEBUG on (or its demo-server flag): see test_seed_demo_refuses_without_debug."""
    settings.DEBUG = True
