from tests.fakes.openai_fixture import fake_openai  # noqa: F401  (fixture)
