"""The HSDS 3.0 directory as SQLAlchemy models, with HSDS table and column names."""

from .base import utcnow
from .change import DirectoryChange
from .contact import Contact, Language, Phone
from .location import LOCATION_TYPES, Accessibility, Address, Location
from .metadata import Metadata, MetaTableDescription
from .organization import Funding, Organization, OrganizationIdentifier, Program
from .schedule import FREQUENCIES, WEEKDAYS, Schedule
from .service import (
    SERVICE_STATUSES,
    CostOption,
    RequiredDocument,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceCapacity,
    ServiceTranslation,
    TRANSLATED_FIELDS,
    Unit,
)
from .taxonomy import Attribute, Taxonomy, TaxonomyTerm, TaxonomyTermTranslation

__all__ = [
    "Accessibility", "Address", "Attribute", "Contact", "CostOption", "DirectoryChange",
    "FREQUENCIES",
    "Funding", "LOCATION_TYPES", "Language", "Location", "Metadata", "MetaTableDescription",
    "Organization", "OrganizationIdentifier", "Phone", "Program", "RequiredDocument",
    "SERVICE_STATUSES", "Schedule", "Service", "ServiceArea", "ServiceAtLocation",
    "ServiceCapacity", "ServiceTranslation", "TRANSLATED_FIELDS", "Taxonomy", "TaxonomyTerm",
    "TaxonomyTermTranslation", "Unit",
    "WEEKDAYS", "utcnow",
]
