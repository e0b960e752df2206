from cloudwaf.auth.dependencies import CurrentPrincipal, Public, authenticate, public, require
from cloudwaf.auth.principal import AuthVia, Principal

__all__ = ["AuthVia", "CurrentPrincipal", "Principal", "Public", "authenticate", "public", "require"]
