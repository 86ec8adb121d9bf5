"""Another service's app answering a ServiceClient in this process: ``eldersafe_common.http.AppTransport``."""

from eldersafe_common.http import AppTransport

__all__ = ["AppTransport"]
