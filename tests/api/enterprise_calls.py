"""Calls and data shared by the /api/enterprises tests (their fixtures are in tests/api/conftest.py)."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile

from innozone.enterprises.engine.identity import complete_uscc


def code(n: int, region: str = "620100") -> str:
    return complete_uscc(f"91{region}{n:09d}")


class Caller:
    """JSON calls to /api/enterprises as one user (a Bearer token per user)."""

    def __init__(self, client, user):
        from innozone.core.tokens import api_token_create

        self.client = client
        self.auth = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=user, user=user, name='test')}"}

    def get(self, url):
        return self.client.get(f"/api/enterprises{url}", **self.auth)

    def send(self, method, url, body):
        call = getattr(self.client, method)
        return call(f"/api/enterprises{url}", json.dumps(body), content_type="application/json", **self.auth)

    def post(self, url, body):
        return self.send("post", url, body)

    def upload(self, name: str, data: bytes, *, dry_run: bool):
        files = {"file": SimpleUploadedFile(name, data), "dry_run": "true" if dry_run else "false"}
        return self.client.post("/api/enterprises/import", files, **self.auth)


FIGURES = {
    "employees": 100,
    "sci_staff": 20,
    "revenue": "40000000.00",
    "total_income": "40000000.00",
    "hitech_income": "30000000.00",
    "total_assets": "60000000.00",
    "rd_total": "2000000.00",
    "rd_domestic": "2000000.00",
    "invention_patents": 1,
}


# --- who sees and changes what -----------------------------------------------------------------------------
