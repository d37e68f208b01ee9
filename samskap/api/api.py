from ninja import NinjaAPI

api = NinjaAPI(
    title="Samskap API",
    version="1",
    urls_namespace="api-v1",
    docs_url=None,
)
