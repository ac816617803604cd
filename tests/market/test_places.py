"""The matcher's places come from the region tree (core.regions), and the labelled set's copy stays true."""

import json
from pathlib import Path

from innozone.core import regions
from innozone.market import matching

PLACES_FILE = Path(__file__).resolve().parents[1] / "data" / "market" / "places.jsonl"


def test_the_labelled_sets_places_are_the_demo_region_tree(demo):
    rows = [json.loads(line) for line in PLACES_FILE.read_text(encoding="utf-8").splitlines()]
    assert rows == regions.tree().places()


def test_the_matcher_places_regions_by_the_region_tree(demo):
    places = matching.places()
    assert places.home == "甘肃省" and places.zone == ("兰州市", "白银市")
    assert places.locate("兰州高新技术产业开发区").city == "兰州市"  # the tree's full park name
    assert places.level("兰州市城关区", "城关区") == 0
    assert places.level("兰州新区", "兰州高新区") == 1
    assert places.reason("兰州新区", "白银市白银区") == "同在兰白地区（兰州—白银）"
    assert places.reason("天水市", "白银高新区") == "同在甘肃省"
    assert places.level("陕西省西安市", "兰州市城关区") == 4
