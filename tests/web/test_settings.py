"""The playground's settings: every bad field named, a link's good fields kept, and any
JSON value or CSV text refused in words rather than with a traceback (property-based)."""

import json
import math
import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from starlette.testclient import TestClient

from glassnet.web.app import create_app
from glassnet.web.datasets2d import from_csv
from glassnet.web.settings import RULES, PlaygroundConfig


def test_config_from_query_strings_and_back():
    config = PlaygroundConfig.from_dict(
        {"dataset": "spiral", "hidden": "8,6,4", "learning_rate": "0.03", "batch_size": "5"}
    )
    assert config.hidden == (8, 6, 4) and config.learning_rate == 0.03 and config.batch_size == 5
    assert PlaygroundConfig.from_dict(config.to_dict()) == config
    assert PlaygroundConfig.from_dict({"hidden": ""}).hidden == ()
    assert PlaygroundConfig.from_dict({"features": "x1x1, sinx2"}).features == ("x1x1", "sinx2")


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"colour": "red"}, "colour: unknown setting (settings are: dataset, points"),
        ({"dataset": "moons"}, "dataset: 'moons' is not allowed (one of xor, circle"),
        ({"activation": "softmax"}, "activation: 'softmax' is not allowed (one of"),
        ({"hidden": "4,9"}, "hidden: '4,9' is not allowed (up to 6 layers of 1 to 8 neurons"),
        ({"hidden": "1,1,1,1,1,1,1"}, "up to 6 layers"),
        ({"hidden": "a"}, "hidden: 'a' is not allowed"),
        (
            {"learning_rate": "nan"},
            "learning_rate: 'nan' is not allowed (a number from 1e-06 to 10)",
        ),
        ({"learning_rate": 0}, "learning_rate: 0 is not allowed"),
        ({"learning_rate": "50"}, "learning_rate: 50 is not allowed"),
        ({"batch_size": 2.5}, "batch_size: 2.5 is not allowed (a whole number from 1 to 2000)"),
        ({"seed": True}, "seed: True is not allowed"),
        ({"noise": 2}, "noise: 2 is not allowed (a number from 0 to 1)"),
        ({"points": 10**400}, "points: 1000000000000000000000000000000000000..."),
        ({"features": ""}, "features: '' is not allowed (1 to 7 different inputs"),
        ({"features": "x1,x1"}, "features: 'x1,x1' is not allowed"),
        ({"features": "x3"}, "features: 'x3' is not allowed"),
        ({"regularization": "l3"}, "regularization: 'l3' is not allowed (one of none, l1, l2)"),
        ({"dataset": "plane", "loss": "cross-entropy"}, "only squared-error"),
        ({"regularization": "none", "weight_decay": 0.1}, "has no effect with regularization"),
    ],
)
def test_bad_settings_are_refused_by_name_value_and_rule(values, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        PlaygroundConfig.from_dict(values)


def test_every_bad_field_is_named_at_once_in_the_fields_order():
    with pytest.raises(ValueError, match=r"^dataset") as error:
        PlaygroundConfig.from_dict({"learning_rate": "50", "dataset": "moons", "seed": -1})
    assert [part.split(":")[0] for part in str(error.value).split("; ")] == [
        "dataset",
        "learning_rate",
        "seed",
    ]


def test_a_link_keeps_its_good_settings_and_names_the_bad_ones():
    config, problems = PlaygroundConfig.lenient(
        {"dataset": "moons", "learning_rate": "50", "hidden": "3,3", "noise": "0.3", "x": "1"}
    )
    assert config.hidden == (3, 3) and config.noise == 0.3
    assert config.dataset == "xor" and config.learning_rate == 0.1  # the defaults
    assert list(problems) == ["x", "dataset", "learning_rate"]
    assert "'moons'" in problems["dataset"] and "50" in problems["learning_rate"]


def test_pairs_of_settings_fall_back_together():
    config, problems = PlaygroundConfig.lenient({"dataset": "plane", "loss": "cross-entropy"})
    assert config.loss == "squared-error" and list(problems) == ["loss"]
    assert PlaygroundConfig.from_dict({"dataset": "multi-gaussian"}).loss == "squared-error"
    older_link = PlaygroundConfig.from_dict({"weight_decay": "0.001"})
    assert older_link.regularization == "l2"  # links from before L1 meant L2


def test_every_rule_describes_itself_for_the_page():
    assert RULES["learning_rate"].to_dict()["text"] == "a number from 1e-06 to 10"
    assert RULES["points"].describe() == "a whole number from 20 to 2000"


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**500), max_value=10**500)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12),
    lambda children: st.lists(children, max_size=3),
    max_leaves=6,
)
settings_bodies = st.dictionaries(
    st.sampled_from([*RULES, "csv", "colour"]), json_values, max_size=6
)


@given(settings_bodies)
def test_any_json_settings_are_accepted_or_refused_with_one_line_each(body):
    body.pop("csv", None)
    try:
        config = PlaygroundConfig.from_dict(body)
    except ValueError as error:
        for problem in str(error).split("; "):
            assert problem.split(":")[0] in body, problem
    else:
        assert config.problems() == {}
    config, problems = PlaygroundConfig.lenient(body)
    assert config.problems() == {} and set(problems) <= set(body)


csv_numbers = st.one_of(
    st.sampled_from(["1e308", "-1e308", "-1.7976931348623157e308", "1e309", "5e-324", "nan"]),
    st.sampled_from(["0", "", "x", "1_0", "٣", "-0"]),
    st.integers(-5, 5).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
csv_rows = st.lists(
    st.tuples(csv_numbers, csv_numbers, st.sampled_from(["a", "b", "c", ""])).map(",".join),
    min_size=0,
    max_size=12,
)


@example(["1e308,1,a", "-1e308,2,b", "0,3,a", "5,4,b"])  # overflowed the range once
@given(csv_rows)
def test_any_csv_text_gives_points_in_the_square_or_a_value_error(rows):
    try:
        points = from_csv("\n".join(rows))
    except ValueError as error:
        message = str(error)
    else:
        message = ""
        assert all(math.isfinite(v) for v in points.X.ravel())
        assert abs(points.X).max() <= 1.0 + 1e-9
    assert "\n" not in message  # one line


@pytest.fixture(scope="module")
def client(digits_model):
    app = create_app(digits_model)
    with TestClient(app, base_url="http://127.0.0.1:8000", raise_server_exceptions=False) as client:
        yield client


@given(body=settings_bodies, rows=csv_rows)
def test_the_api_answers_any_settings_or_csv_with_json_and_never_500(client, body, rows):
    if "csv" in body:
        body["csv"] = "\n".join(rows)
    for path in ("/api/playground/check", "/api/playground/preview"):
        response = client.post(
            path, content=json.dumps(body), headers={"Content-Type": "application/json"}
        )
        assert response.status_code in (200, 400, 422), (path, response.text)
        assert isinstance(response.json(), dict)
