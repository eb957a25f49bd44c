"""django-import-export resources: the plan's export layout, and the district's actors and target groups.

`PlanMeasureResource` writes one row per measure (see `actionplan.spreadsheet`).

The rows it produces are written by `integration_portal.spreadsheets`, which makes formula-like cells
harmless; the library's own escaping only strips "=" and is not used. The import of this layout spans
several models per row (field, challenge, measure, indicators, responsibilities, actors) and lives in
`actionplan.imports`. Actors and target groups are imported and exported in the admin
(`integration_portal.resources`).
"""

from import_export import fields, resources

from integration_portal.resources import DistrictListResource

from . import spreadsheet as layout
from .models import Actor, TargetGroup


def _column(key):
    return fields.Field(column_name=layout.HEADERS[key], readonly=True)


class PlanMeasureResource(resources.Resource):
    field_of_action = _column(layout.FIELD)
    challenge = _column(layout.CHALLENGE)
    measure = _column(layout.MEASURE)
    target_group = _column(layout.TARGET_GROUP)
    indicators = _column(layout.INDICATORS)
    responsibilities = _column(layout.RESPONSIBILITIES)
    status = _column(layout.STATUS)
    id = _column(layout.ID)
    version = _column(layout.VERSION)

    class Meta:
        export_order = [
            "field_of_action",
            "challenge",
            "measure",
            "target_group",
            "indicators",
            "responsibilities",
            "status",
            "id",
            "version",
        ]

    def dehydrate_field_of_action(self, measure):
        return measure.challenge.field.full_name

    def dehydrate_challenge(self, measure):
        return layout.text_cell(measure.challenge.text, measure.challenge.sub_point_list)

    def dehydrate_measure(self, measure):
        return layout.text_cell(measure.text, measure.sub_point_list)

    def dehydrate_target_group(self, measure):
        return measure.target_group.name if measure.target_group else ""

    def dehydrate_indicators(self, measure):
        return layout.indicators_cell(measure.indicators.all())

    def dehydrate_responsibilities(self, measure):
        return layout.responsibilities_cell(measure.responsibilities.all())

    def dehydrate_status(self, measure):
        return layout.status_label(measure.status)

    def dehydrate_id(self, measure):
        return measure.pk

    def dehydrate_version(self, measure):
        return layout.version_of(measure)


class ActorResource(DistrictListResource):
    class Meta(DistrictListResource.Meta):
        model = Actor
        fields = ["id", "name", "short_name", "kind"]


class TargetGroupResource(DistrictListResource):
    class Meta(DistrictListResource.Meta):
        model = TargetGroup
        fields = ["id", "name"]
