from devzone.core.models import Region
from devzone.core.resources import Column, Resource


class PlaceResource(Resource):
    name = "places"
    url_prefix = "place"
    namespace = "newapp"
    model = Region
    columns = [Column("name", link=True)]
