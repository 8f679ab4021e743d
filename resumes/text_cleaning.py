"""Text that python-docx can always write: XML 1.0 forbids most control characters and
lone surrogates, and one such character in a field would break every later build."""

import re

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(value: str) -> str:
    """`value` without XML-invalid characters; Word's line break (\\x0b) becomes a newline."""
    return _XML_INVALID.sub("", value.replace("\x0b", "\n"))
