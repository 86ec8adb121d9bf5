"""Input types of the Open311 form: bounded text without NUL bytes (form values arrive as text; the service
turns them into numbers and checks them, naming the parameter)."""

from eldersafe_common.validation import text

ApiKey = text(4096)
FormText = text(100)
FormDescription = text(4000)
FormAddress = text(300)
FormUrl = text(2000)
