"""The published OpenAPI document describes what the server reads: ninja names schemas by class name, so
two classes with one name in different API modules would document one operation with the other's body."""

import collections
import importlib
import inspect
import pkgutil

import innozone.api


def _schema_classes() -> dict[str, list[str]]:
    found = collections.defaultdict(list)
    for info in pkgutil.iter_modules(innozone.api.__path__):
        module = importlib.import_module(f"innozone.api.{info.name}")
        for name, obj in vars(module).items():
            if inspect.isclass(obj) and obj.__module__ == module.__name__ and hasattr(obj, "model_fields"):
                found[name].append(module.__name__)
    return found


def test_schema_class_names_are_unique_across_the_api():
    found = _schema_classes()
    assert len(found) > 30
    assert {name: modules for name, modules in found.items() if len(modules) > 1} == {}


def test_every_documented_body_is_a_published_schema(client):
    document = client.get("/api/openapi.json").json()
    schemas = document["components"]["schemas"]
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            if body and "$ref" in body:
                assert body["$ref"].rsplit("/", 1)[-1] in schemas, (method, path)
    decide = document["paths"]["/api/approvals/{task_id}/decide"]["post"]["requestBody"]
    ref = decide["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert set(schemas[ref]["properties"]) == {"approve", "comment"}  # what the server reads
