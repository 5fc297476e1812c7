"""Photos in S3-compatible object storage (django-storages), against a real S3 server: moto's server mode,
started here on a free port (HTTP, not a mock of boto3). Skipped when django-storages or moto is missing
(pip install -e ".[s3,test]")."""

from __future__ import annotations

import io
import json
import urllib.request

import pytest
from PIL import Image

pytest.importorskip("storages.backends.s3", reason="django-storages is not installed (pip install -e '.[s3]')")
moto_server = pytest.importorskip("moto.server", reason="moto is not installed (pip install 'moto[server]')")
boto3 = pytest.importorskip("boto3")

from articles import photos  # noqa: E402
from tests.factories import image_bytes, make_article, make_photo  # noqa: E402

pytestmark = pytest.mark.django_db

BUCKET = "newsroom-media"


@pytest.fixture(scope="module")
def s3_server():
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3(s3_server, settings, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    client = boto3.client("s3", endpoint_url=s3_server, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    # Readers fetch the pictures without credentials: a public-read bucket, as docs/deploy.md asks.
    client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                       "Resource": f"arn:aws:s3:::{BUCKET}/*"}],
    }))
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {"bucket_name": BUCKET, "endpoint_url": s3_server, "region_name": "us-east-1",
                        "querystring_auth": False, "file_overwrite": False, "default_acl": None,
                        "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"}},
        },
    }
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def keys(client) -> set[str]:
    return {item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


def test_the_original_and_renditions_go_to_the_bucket_and_are_served_from_it(s3, s3_server,
                                                                            django_capture_on_commit_callbacks):
    photo = make_photo(make_article(), data=image_bytes(1000, 700))
    stored = keys(s3)
    assert photo.image.name in stored
    assert set(photos.rendition_names(photo.renditions)) <= stored and len(stored) == 5  # original + 2 × 2
    head = s3.head_object(Bucket=BUCKET, Key=photo.renditions["webp"][0][2])
    assert head["ContentType"] == "image/webp" and "immutable" in head["CacheControl"]
    shown = photos.picture(photo)
    assert shown.src.startswith(f"{s3_server}/{BUCKET}/photos/renditions/")
    with urllib.request.urlopen(shown.largest) as response, Image.open(io.BytesIO(response.read())) as image:
        assert image.format == "JPEG" and image.size == (1000, 700)
    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()
    assert keys(s3) == set()


def test_the_bucket_settings_choose_s3_storage_and_allow_its_pictures():
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(DJANGO_SETTINGS_MODULE="newsroom.settings", DJANGO_MEDIA_S3_BUCKET=BUCKET,
               DJANGO_MEDIA_S3_ENDPOINT_URL="https://minio.internal:9000/", DJANGO_MEDIA_S3_CUSTOM_DOMAIN="img.example.cn")
    code = ("import django; django.setup(); from django.conf import settings; from django.core.files.storage import "
            "default_storage as s; print(type(s).__name__, s.bucket_name, "
            "settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'][2:])")
    result = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[2], env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split(" ", 1)[1].strip() == (
        f"{BUCKET} ['https://minio.internal:9000', 'https://img.example.cn']"
    )
