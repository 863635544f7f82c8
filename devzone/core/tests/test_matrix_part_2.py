"""Part 2 of the generated permission matrix (see test_matrix.py, which holds
the matrix and part 0): its own module, so that another xdist worker takes it."""

import pytest

from devzone.core.tests.test_matrix import (  # noqa: F401 (fixtures)
    api_endpoint_cases,
    api_write_cases,
    check_api_endpoints,
    check_api_writes,
    check_generic_pages,
    demo,
    generic_page_keys,
    users,
    write_case_id,
)

INDEX = 2


@pytest.mark.parametrize("key", generic_page_keys(INDEX))
def test_generic_pages(users, key):  # noqa: F811
    check_generic_pages(users, key)


@pytest.mark.parametrize("route,model,kind", api_endpoint_cases(INDEX), ids=str)
def test_api_endpoints(users, route, model, kind):  # noqa: F811
    check_api_endpoints(users, route, model, kind)


@pytest.mark.parametrize(
    "list_route,detail_route,model,list_methods,detail_methods",
    api_write_cases(INDEX),
    ids=write_case_id,
)
def test_api_writes(users, list_route, detail_route, model, list_methods, detail_methods):  # noqa: F811
    check_api_writes(users, list_route, detail_route, model, list_methods, detail_methods)
