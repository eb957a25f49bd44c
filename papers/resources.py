"""The district's committees, imported and exported in the admin (see `integration_portal.resources`)."""

from integration_portal.resources import DistrictListResource

from .models import Committee


class CommitteeResource(DistrictListResource):
    class Meta(DistrictListResource.Meta):
        model = Committee
        fields = ["id", "name", "short_name", "order"]
