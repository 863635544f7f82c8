from .tables import (  # noqa: F401  (importing registers the resources)
    AnnualTargetResource,
    EnterpriseReportResource,
    IndicatorResource,
    IndicatorValueResource,
)

RESOURCE_NAMES = ["indicators", "values", "reports", "targets"]
