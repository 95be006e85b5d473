"""The study-hours receipt (CERT-1): the PDF for its trainee, the check for anyone."""

from fastapi import APIRouter, Request, Response

from app.server import schemas
from app.server.deps import Context, CurrentTrainee, Db
from app.server.services import receipts
from app.server.services.lessons import own_enrollment

router = APIRouter(tags=["receipts"])


@router.get("/enrollments/{enrollment_id}/receipt.pdf", response_class=Response)
def receipt_pdf(
    enrollment_id: int, request: Request, trainee: CurrentTrainee, db: Db, context: Context
) -> Response:
    enrollment = own_enrollment(db, trainee, enrollment_id)
    facts = receipts.facts_of(db, enrollment)
    receipt = receipts.receipt_of(db, context, enrollment)
    # The printed URL must work from wherever the paper goes: the configured public
    # address when there is one, else the address this client reached the server at.
    base = context.settings.public_url or str(request.base_url)
    path = request.app.url_path_for("verify_receipt", serial=receipt.serial)
    verify_url = f"{base.rstrip('/')}{path}?code={receipt.code}"
    pdf = receipts.render_pdf(facts, receipt, verify_url, context.now())
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="receipt-{receipt.serial}.pdf"'},
    )


@router.get("/receipts/{serial}", name="verify_receipt")
def verify_receipt(serial: str, db: Db, code: str = "") -> schemas.ReceiptCheckOut:
    return receipts.verify(db, serial[:64], code[:64])
