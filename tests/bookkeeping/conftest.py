from tests.end_to_end.test_with_openai import whatsapp_openai  # noqa: F401  (the pipeline with the fake OpenAI)
