"""The study-hours receipt (CERT-1): the PDF for its trainee, the check for anyone."""

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse

from app.server import schemas
from app.server.deps import Context, CurrentTrainee, Db
from app.server.services import receipts
from app.server.services.lessons import own_enrollment
from app.server.services.receipt_page import render_check_page

router = APIRouter(tags=["receipts"])


@router.get("/enrollments/{enrollment_id}/receipt.pdf", response_class=Response)
def receipt_pdf(
    enrollment_id: int, request: Request, trainee: CurrentTrainee, db: Db, context: Context
) -> Response:
    enrollment = own_enrollment(db, trainee, enrollment_id)
    facts = receipts.facts_of(db, enrollment)
    receipt = receipts.receipt_of(db, context, enrollment)
    # The printed URL must work from wherever the paper goes, so it is the server's own
    # setting (CEDU_PUBLIC_URL, else its host and port), never the request's Host header:
    # a caller could name any site there, and the bundled server is reached at 127.0.0.1.
    base = context.settings.base_url
    path = request.app.url_path_for("verify_receipt", serial=receipt.serial)
    verify_url = f"{base.rstrip('/')}{path}?code={receipt.code}"
    pdf = receipts.render_pdf(facts, receipt, verify_url, context.now())
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="receipt-{receipt.serial}.pdf"'},
    )


def _wants_html(request: Request) -> bool:
    """A browser (a phone that scanned the QR code) asks for text/html first; API clients
    send application/json or nothing (then JSON, as before)."""
    accept = request.headers.get("accept", "").lower()
    html_at, json_at = accept.find("text/html"), accept.find("application/json")
    return html_at >= 0 and (json_at < 0 or html_at < json_at)


@router.get(
    "/receipts/{serial}",
    name="verify_receipt",
    response_model=schemas.ReceiptCheckOut,
    responses={200: {"content": {"text/html": {"schema": {"type": "string"}}}}},
)
def verify_receipt(serial: str, request: Request, db: Db, code: str = "") -> Response:
    check = receipts.verify(db, serial[:64], code[:64])
    if _wants_html(request):
        return HTMLResponse(render_check_page(check), headers={"Vary": "Accept"})
    return JSONResponse(check.model_dump(mode="json"), headers={"Vary": "Accept"})
