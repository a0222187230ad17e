"""Repair PEM text that lost its line breaks on the way into a connection field.

Password inputs and JSON env vars often flatten a key to one line, or carry
literal ``\\n`` sequences; the key itself is still intact.
"""

from __future__ import annotations

import re
import textwrap

_PEM = re.compile(r"-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \1-----", re.DOTALL)


def normalise_pem(text: str) -> str:
    text = text.replace("\\n", "\n").strip()
    match = _PEM.search(text)
    if not match:
        return text
    label, body = match.group(1), match.group(2)
    if "Proc-Type:" in body:
        return text  # encrypted legacy PEM has header lines we must not touch
    base64 = "".join(body.split())
    return f"-----BEGIN {label}-----\n" + "\n".join(textwrap.wrap(base64, 64)) + f"\n-----END {label}-----\n"
