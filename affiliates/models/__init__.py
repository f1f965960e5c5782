"""The affiliates app's models, one module per concern; every model is importable from here."""

from .affiliate import AffiliatePage, ServiceArea, zip_validator
from .affiliate_import import AffiliateImport
from .locator_page import AffiliateLocatorPage

__all__ = ["AffiliateImport", "AffiliateLocatorPage", "AffiliatePage", "ServiceArea", "zip_validator"]
