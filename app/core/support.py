"""Support lines from the manual (RULES.md, "Support lines").

They are shown beside the error that needs them, never as a wall of numbers, so each
constant is named after the kind of problem it answers.
"""

from typing import Final

# Certificate not found, certificate category, registration.
SUPPORT_CERTIFICATE: Final = "0871-68503755-6"
# Payment system login and payment faults.
SUPPORT_PAYMENT: Final = "0871-68503755 转 6"
# General continuing-education questions.
SUPPORT_QUESTIONS: Final = "0871-68503755 转 5"
# Invoices held for checking.
SUPPORT_INVOICE: Final = "0871-64123240"
# This client: install, login, face check, exam, extension, retake.
SUPPORT_CLIENT: Final = "0871-63122229"

# Where an unpaid enrollment is paid (PAY-1, manual step 2). The payment account is the
# ID number or taxpayer number, with its last 6 characters as the first password.
PAYMENT_SITE: Final = "http://boss.edu.ynjspx.cn/web"
