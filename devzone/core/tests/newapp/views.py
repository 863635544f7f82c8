from django.http import HttpResponse


def overview(request):
    return HttpResponse("overview")


def todos(request) -> list:
    return []


def panel(request):
    return None


def public_links(request) -> list:
    return []
