"""What every body of API.md is made of (schemas, exam_schemas): the strict base model
and the one type for a time a client sends."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict


def _within_api_years(moment: dt.datetime) -> dt.datetime:
    """API.md: any time before 2000 or after 2100 is refused (422 invalid_request). The
    year is read before any arithmetic: year 1 or 9999 would overflow it (a 500)."""
    if not 2000 <= moment.year <= 2100:
        raise ValueError("时间必须在2000年到2100年之间。")
    return moment


# Every time a client sends: aware, and within the years the service can mean.
ApiTime = Annotated[AwareDatetime, AfterValidator(_within_api_years)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="ignore")
