"""Writes the Riverbend, NC test directory: FICTIONAL DATA for measuring search.

Riverbend is an invented North Carolina city. Every organization, service, street
address, e-mail and phone number below is made up (phones are in the 555-01xx range set
aside for fiction). Only the ZIP codes and the county in service areas are real ones of
the Randolph County area, so that the offline gazetteer places searches there as it
would for a real directory. The taxonomy ("Riverbend 211 Service Categories") and the
wording are the kind a 211 keeps, unlike the Durham sample's on purpose: search is
measured on a directory it was not written for (``bench/relevance_bench.py``).

Edit the tables in this file, then, from the repository root::

    python tests/search/other_city/build.py

which rewrites the CSV files and ``datapackage.json`` beside it (same ids every run:
UUIDs derived from the keys below). The official HSDS 3.0 files only, as a 211 export
would have them: no Navigator extension files, no translations of the categories.
"""

from __future__ import annotations

import csv
import json
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
#: The official HSDS 3.0 resources (schemas) are taken from the Durham package's
#: descriptor; only the 21 official files are written.
OFFICIAL = ("organization", "program", "service", "attribute", "service_at_location",
            "location", "phone", "contact", "address", "schedule", "funding", "service_area",
            "required_document", "language", "accessibility", "taxonomy_term", "metadata",
            "meta_table_description", "cost_option", "organization_identifier", "taxonomy")
NAMESPACE = uuid.UUID("0b7e3c52-5d1a-4f0e-9b8e-2f1c6a9d4e11")
COUNTY = "Randolph County"  # the real county of the ZIP codes used (see above)
STATE = "North Carolina"
TAXONOMY = "Riverbend 211 Service Categories"


def uid(kind: str, key: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"riverbend:{kind}:{key}"))


# -- taxonomy: (code, name, description, parent code) ------------------------------------

TERMS = [
    ("1100", "Emergency", "Immediate help in a crisis or emergency.", None),
    ("1101", "Crisis Hotlines", "Telephone, text and chat lines staffed around the clock for "
     "people in emotional distress or danger.", "1100"),
    ("1101.01", "Suicide Prevention", "Lines and programs for people at risk of suicide and "
     "those concerned about them.", "1101"),
    ("1101.02", "Domestic Violence Hotlines", "Hotlines for people experiencing partner or "
     "family violence, stalking or sexual assault.", "1101"),
    ("1102", "Mobile Crisis", "Teams that respond in the community to a behavioral health "
     "crisis.", "1100"),
    ("1103", "Crisis Stabilization", "Walk-in and short-stay facilities for behavioral health "
     "crises.", "1100"),
    ("1104", "Emergency Room", "Hospital emergency departments.", "1100"),
    ("1105", "Poison Control", "Information lines for poisonings and overdoses.", "1100"),
    ("1106", "Victim Advocacy", "Advocates who accompany and support survivors of crime, "
     "domestic violence and sexual assault.", "1100"),
    ("1200", "Food", "Food, meals and nutrition benefits.", None),
    ("1201", "Food Pantry", "Groceries to take home.", "1200"),
    ("1202", "Meals", "Prepared meals served on site.", "1200"),
    ("1203", "Food Benefits", "Applications for nutrition benefit programs.", "1200"),
    ("1204", "Home Delivered Meals", "Meals delivered to the homebound.", "1200"),
    ("1205", "Food for Kids", "Food programs for children and students.", "1200"),
    ("1300", "Housing", "Shelter, housing and help keeping housing.", None),
    ("1301", "Temporary Shelter", "Emergency overnight or short-term lodging.", "1300"),
    ("1301.01", "Family Shelter", "Temporary shelter for households with children.", "1301"),
    ("1301.02", "Youth Shelter", "Temporary shelter for minors and young adults.", "1301"),
    ("1301.03", "Safe House", "Confidential shelter for people fleeing violence.", "1301"),
    ("1301.04", "Cold Weather Shelter", "Seasonal shelter opened during freezing weather.",
     "1301"),
    ("1302", "Housing Intake", "Assessment and referral into homeless services.", "1300"),
    ("1303", "Homeless Outreach", "Outreach to people living unsheltered.", "1300"),
    ("1304", "Help Pay for Housing", "Rent, deposit and mortgage assistance.", "1300"),
    ("1305", "Help Pay for Utilities", "Assistance with electric, gas, water and heating "
     "bills.", "1300"),
    ("1306", "Affordable Housing", "Subsidized apartments and rental vouchers.", "1300"),
    ("1307", "Transitional Housing", "Time-limited housing with support services.", "1300"),
    ("1308", "Recovery Homes", "Alcohol- and drug-free group residences.", "1300"),
    ("1400", "Goods", "Clothing, household and baby items.", None),
    ("1401", "Clothing", "Free or low-cost clothing.", "1400"),
    ("1402", "Baby Supplies", "Diapers, formula and infant items.", "1400"),
    ("1500", "Transit", "Getting from place to place.", None),
    ("1501", "Public Transit", "Fixed-route bus service.", "1500"),
    ("1502", "Paratransit", "Door-to-door transportation for people with disabilities and "
     "older adults.", "1500"),
    ("1503", "Medical Transportation", "Transportation to medical appointments.", "1500"),
    ("1600", "Health", "Medical, dental and vision care.", None),
    ("1601", "Medical Care", "Primary and general medical care.", "1600"),
    ("1601.01", "Free & Low Cost Clinics", "Clinics for uninsured and low-income "
     "patients.", "1601"),
    ("1602", "Dental Care", "Dental exams, cleanings and extractions.", "1600"),
    ("1603", "Vision Care", "Eye exams and eyeglasses.", "1600"),
    ("1604", "Prescription Assistance", "Help paying for or obtaining medication.", "1600"),
    ("1605", "STI & HIV Services", "Testing, treatment and prevention of sexually transmitted "
     "infections and HIV.", "1600"),
    ("1606", "Prenatal Care", "Medical care and support during pregnancy.", "1600"),
    ("1607", "Immunizations", "Vaccines for children and adults.", "1600"),
    ("1608", "Medical Bill Assistance", "Charity care and help with medical debt.", "1600"),
    ("1700", "Mental Health", "Mental health treatment and support.", None),
    ("1701", "Counseling", "Individual, family and group therapy.", "1700"),
    ("1702", "Psychiatry", "Psychiatric evaluation and medication management.", "1700"),
    ("1703", "Inpatient Mental Health", "Hospital-based psychiatric treatment.", "1700"),
    ("1704", "Peer Support", "Support from people with lived experience.", "1700"),
    ("1800", "Addiction & Recovery", "Treatment and support for alcohol and drug use.", None),
    ("1801", "Detox", "Medically supervised withdrawal.", "1800"),
    ("1802", "Medications for Addiction", "Methadone, buprenorphine and naltrexone "
     "treatment.", "1800"),
    ("1803", "Residential Treatment", "Live-in substance use treatment.", "1800"),
    ("1804", "Outpatient Treatment", "Substance use treatment without an overnight stay.",
     "1800"),
    ("1805", "Harm Reduction", "Services that reduce the harms of drug use.", "1800"),
    ("1806", "Recovery Support", "Peer coaching and mutual-help meetings.", "1800"),
    ("1900", "Money", "Income supports and financial help.", None),
    ("1901", "Public Benefits", "Applications for government assistance programs.", "1900"),
    ("1902", "Health Insurance", "Enrollment and counseling for health coverage.", "1900"),
    ("1903", "Tax Preparation", "Free income tax filing help.", "1900"),
    ("2000", "Care", "Care for children, older adults and people with disabilities.", None),
    ("2001", "Early Intervention", "Developmental services for infants and toddlers.",
     "2000"),
    ("2002", "Child Care", "Child care, preschool and parenting support.", "2000"),
    ("2003", "Disability Services", "Supports for people with disabilities.", "2000"),
    ("2003.01", "Respite Care", "Short-term relief for family caregivers.", "2003"),
    ("2004", "Older Adults", "Programs for seniors.", "2000"),
    ("2004.01", "In-Home Care", "Aide services in the home.", "2004"),
    ("2100", "Education", "Adult learning.", None),
    ("2101", "English Classes", "English for speakers of other languages.", "2100"),
    ("2102", "Adult Education", "High school equivalency and literacy.", "2100"),
    ("2103", "Citizenship Classes", "Preparation for the naturalization test.", "2100"),
    ("2200", "Work", "Employment and training.", None),
    ("2201", "Job Search Help", "Job listings, resumes and interview preparation.", "2200"),
    ("2202", "Youth Employment", "Work experience for teens and young adults.", "2200"),
    ("2300", "Legal", "Legal services.", None),
    ("2301", "Legal Aid", "Free civil legal representation and advice.", "2300"),
    ("2302", "Landlord & Tenant", "Eviction defense and tenant rights.", "2300"),
    ("2303", "Immigration Help", "Immigration legal services.", "2300"),
    ("2304", "Expungement", "Clearing criminal records.", "2300"),
    ("2305", "Protective Orders", "Help obtaining domestic violence protective orders.",
     "2300"),
    ("2306", "IDs & Vital Records", "Identification documents and birth certificates.",
     "2300"),
    ("2400", "Specific Populations", "Programs for particular communities.", None),
    ("2401", "Veterans", "Services for veterans and their families.", "2400"),
    ("2402", "LGBTQ+", "Services for lesbian, gay, bisexual, transgender and queer people.",
     "2400"),
    ("2403", "Reentry", "Services for people leaving jail or prison.", "2400"),
    ("2404", "Newcomers", "Services for immigrants and refugees.", "2400"),
]

# -- organizations: key -> (name, description) -----------------------------------------

ORGS = {
    "mission": ("Riverbend Rescue Mission", "Faith-based nonprofit providing emergency shelter, "
                "meals and a residential recovery program in downtown Riverbend since 1961."),
    "opendoor": ("Open Door Family Housing Network", "Interfaith network that shelters families "
                 "with children in partner congregations and helps them secure housing."),
    "coalition": ("Riverbend Housing Coalition", "Lead agency of the Riverbend Continuum of "
                  "Care; operates coordinated assessment, outreach and re-housing programs."),
    "youthhaven": ("Piedmont Youth Haven", "Nonprofit serving runaway, homeless and at-risk "
                   "youth and young adults."),
    "bridgeway": ("Bridgeway Center for Survivors", "Provides crisis intervention, safe shelter "
                  "and advocacy for victims of domestic violence and sexual assault."),
    "pantrynet": ("Riverbend Community Pantry Network", "Coordinates food distribution through "
                  "a central warehouse pantry and mobile distributions."),
    "gracest": ("Grace Street Community Church", "Congregation offering community meals and "
                "outreach ministries."),
    "esperanza": ("Iglesia Nueva Esperanza", "Congregación hispana que ofrece una despensa de "
                  "alimentos y apoyo a familias de la comunidad."),
    "dss": ("Riverbend Department of Social Services", "Public agency administering economic "
            "assistance, Medicaid, food and nutrition benefits, and protective services."),
    "threerivers": ("Three Rivers Community Action", "Community action agency addressing "
                    "poverty through emergency assistance, Head Start and self-sufficiency "
                    "programs."),
    "utilities": ("City of Riverbend Utilities Department", "Municipal provider of water, sewer "
                  "and electric service to city residents."),
    "housingauth": ("Riverbend Housing Authority", "Public housing agency managing subsidized "
                    "apartment communities and the rental voucher program."),
    "legal": ("Central Piedmont Legal Services", "Nonprofit law firm providing free civil "
              "legal services to low-income residents."),
    "centrolatino": ("Centro Latino de Riverbend", "Organización sin fines de lucro que sirve a "
                     "familias latinas e inmigrantes con servicios legales, educación y "
                     "orientación."),
    "newcomers": ("Riverbend Immigrant and Refugee Services", "Assists immigrants and refugees "
                  "with legal services, resettlement and citizenship preparation."),
    "heartland": ("Heartland Behavioral Health Network", "Public managed care organization "
                  "responsible for publicly funded mental health, substance use and "
                  "developmental disability services in the region."),
    "crossroads": ("Crossroads Behavioral Health Center", "Comprehensive community mental "
                   "health and substance use provider."),
    "hospital": ("Riverbend Regional Medical Center", "Not-for-profit acute care hospital."),
    "piedmontrecovery": ("Piedmont Recovery Services", "Licensed opioid treatment program and "
                         "outpatient substance use clinic."),
    "stillwater": ("Stillwater Detox and Recovery Center", "Residential withdrawal management "
                   "and substance use treatment facility."),
    "harmreduction": ("Riverbend Harm Reduction Collective", "Peer-led organization offering "
                      "syringe services, overdose prevention and linkage to care."),
    "secondwind": ("Second Wind Recovery Homes", "Operates peer-run, alcohol- and drug-free "
                   "residences."),
    "peerbridges": ("Peer Bridges Recovery Community Organization", "Recovery community "
                    "organization led by people in long-term recovery."),
    "health": ("Riverbend Public Health Department", "Local public health agency."),
    "freeclinic": ("Riverbend Free Clinic", "Volunteer-staffed clinic serving uninsured "
                   "adults."),
    "midcarolina": ("Mid-Carolina Community Health Center", "Federally qualified health center "
                    "offering medical, behavioral and pharmacy services on a sliding fee "
                    "scale."),
    "vision": ("Riverbend Vision Assistance Fund", "Volunteer service club program that helps "
               "low-income residents obtain eye care."),
    "positive": ("Positive Pathways HIV Services", "AIDS service organization providing case "
                 "management, prevention and testing."),
    "seniors": ("Riverbend Senior Services", "Senior center and aging services provider for "
                "adults 60 and older."),
    "transit": ("Riverbend Transit System", "Municipal public transportation provider."),
    "career": ("Riverbend Career Center", "Workforce development center offering employment "
               "and training services."),
    "freshstart": ("Fresh Start Reentry Alliance", "Coalition assisting individuals returning "
                   "to the community from incarceration."),
    "vso": ("Riverbend Veterans Services Office", "Local government office assisting veterans "
            "and dependents with VA benefits."),
    "homefront": ("Homefront Veterans Alliance", "Nonprofit serving veterans and their families "
                  "at risk of homelessness."),
    "spectrum": ("Spectrum Youth Alliance", "Support and advocacy organization for lesbian, "
                 "gay, bisexual, transgender and questioning youth."),
    "firststeps": ("First Steps Early Intervention of Riverbend", "Early intervention agency "
                   "for infants and toddlers with developmental delays or disabilities."),
    "openhands": ("Open Hands Disability Resources", "Advocacy and support organization for "
                  "people with intellectual and developmental disabilities and their "
                  "families."),
    "literacy": ("Riverbend Literacy Council", "Volunteer literacy organization offering adult "
                 "education."),
    "idaccess": ("Riverbend ID Access Project", "Volunteer program that helps residents obtain "
                 "identification documents."),
    "vitalrecords": ("Riverbend Office of Vital Records", "Local office issuing certified "
                     "copies of birth and death certificates."),
    "poison": ("Tri-County Poison and Drug Information Line", "Nurse- and pharmacist-staffed "
               "information line for poisonings and medication questions."),
    "lifeline": ("Lifeline of the Piedmont", "Crisis line nonprofit operating suicide "
                 "prevention and emotional support lines."),
    "threads": ("Threads of Hope Clothing Ministry", "Volunteer ministry providing free "
                "clothing."),
    "babypantry": ("Riverbend Baby Pantry", "Distributes diapers, formula and infant supplies to "
                   "families in need."),
    "lighthouse": ("Lighthouse Counseling Associates", "Private nonprofit counseling practice "
                   "with a sliding fee scale."),
    "partnership": ("Riverbend Partnership for Children", "Early childhood agency supporting "
                    "child care quality, parent education and family support."),
    "sunrise": ("Sunrise Adult Day Center", "Licensed adult day health program."),
    "volunteertax": ("Riverbend Volunteer Tax Assistance", "Volunteer program preparing "
                     "income tax returns at no cost."),
    "healthnav": ("Piedmont Health Coverage Navigators", "Certified navigators assisting with "
                  "Marketplace and Medicaid enrollment."),
}

# -- locations: key -> (organization, name, street, city, ZIP, lat, lon) ----------------

LOCATIONS = {
    "mission": ("mission", "Rescue Mission Main Campus", "215 Depot Street", "Riverbend",
                "27203", 35.7078, -79.8121),
    "mission_women": ("mission", "Hope Cottage", "41 Laurel Avenue", "Riverbend", "27203",
                      35.7121, -79.8176),
    "opendoor": ("opendoor", "Open Door Day Center", "608 Tanyard Road", "Riverbend", "27203",
                 35.7163, -79.8034),
    "coalition": ("coalition", "Housing Resource Center", "122 Mill Race Avenue", "Riverbend",
                  "27203", 35.7092, -79.8087),
    "youthhaven": ("youthhaven", "Youth Haven House", "1790 Quarry Ridge Road", "Riverbend",
                   "27205", 35.6914, -79.8342),
    "bridgeway": ("bridgeway", "Bridgeway Outreach Office", "330 Courthouse Square, Suite 4",
                  "Riverbend", "27203", 35.7069, -79.8142),
    "pantrynet": ("pantrynet", "Community Pantry Warehouse", "2404 Industrial Park Drive",
                  "Riverbend", "27203", 35.7245, -79.7902),
    "gracest": ("gracest", "Grace Street Fellowship Hall", "19 Grace Street", "Riverbend",
                "27203", 35.7051, -79.8099),
    "esperanza": ("esperanza", "Iglesia Nueva Esperanza", "905 Bellwood Road", "Riverbend",
                  "27205", 35.6873, -79.8260),
    "dss": ("dss", "Riverbend Human Services Building", "1600 Commerce Place", "Riverbend",
            "27203", 35.7187, -79.7958),
    "threerivers": ("threerivers", "Three Rivers Community Action Office", "77 Foundry Street",
                    "Riverbend", "27203", 35.7102, -79.8059),
    "headstart": ("threerivers", "Three Rivers Early Learning Center", "420 Poplar Hollow Lane",
                  "Riverbend", "27205", 35.6951, -79.8217),
    "utilities": ("utilities", "Riverbend Municipal Building", "100 Union Street", "Riverbend",
                  "27203", 35.7074, -79.8111),
    "housingauth": ("housingauth", "Housing Authority Office", "55 Kestrel Court", "Riverbend",
                    "27203", 35.7149, -79.8201),
    "legal": ("legal", "Central Piedmont Legal Services - Riverbend Office",
              "330 Courthouse Square, Suite 12", "Riverbend", "27203", 35.7069, -79.8142),
    "centrolatino": ("centrolatino", "Centro Latino", "1210 Bellwood Road", "Riverbend",
                     "27205", 35.6858, -79.8283),
    "newcomers": ("newcomers", "Immigrant and Refugee Services Office", "88 Market Street",
                  "Riverbend", "27203", 35.7083, -79.8104),
    "crossroads": ("crossroads", "Crossroads Behavioral Health Center", "3100 Meadowlark Drive",
                   "Riverbend", "27203", 35.7301, -79.7986),
    "hospital": ("hospital", "Riverbend Regional Medical Center", "500 Hospital Hill Road",
                 "Riverbend", "27203", 35.7262, -79.8155),
    "piedmontrecovery": ("piedmontrecovery", "Piedmont Recovery Services Clinic",
                         "2750 Old Stage Road", "Riverbend", "27205", 35.6799, -79.8391),
    "stillwater": ("stillwater", "Stillwater Center", "6120 Whippoorwill Lane", "Hollis Mill",
                   "27317", 35.8412, -79.8047),
    "harmreduction": ("harmreduction", "Harm Reduction Collective Storefront",
                      "14 West Salisbury Street", "Riverbend", "27203", 35.7064, -79.8131),
    "secondwind": ("secondwind", "Second Wind Administrative Office", "301 Cedar Knoll Drive",
                   "Riverbend", "27203", 35.7198, -79.8240),
    "peerbridges": ("peerbridges", "Peer Bridges Recovery Hub", "260 Mill Race Avenue",
                    "Riverbend", "27203", 35.7098, -79.8073),
    "health": ("health", "Riverbend Public Health Department", "1620 Commerce Place",
               "Riverbend", "27203", 35.7191, -79.7949),
    "freeclinic": ("freeclinic", "Riverbend Free Clinic", "912 Tanyard Road", "Riverbend",
                   "27203", 35.7172, -79.8011),
    "midcarolina": ("midcarolina", "Mid-Carolina Community Health Center",
                    "1375 Southgate Boulevard", "Riverbend", "27205", 35.6893, -79.8199),
    "positive": ("positive", "Positive Pathways Office", "88 Market Street, Suite 210",
                 "Riverbend", "27203", 35.7083, -79.8104),
    "seniors": ("seniors", "Riverbend Senior Center", "720 Magnolia Trace", "Riverbend",
                "27203", 35.7137, -79.7988),
    "transit": ("transit", "Riverbend Transit Center", "2 Station Plaza", "Riverbend", "27203",
                35.7059, -79.8117),
    "career": ("career", "Riverbend Career Center", "1545 Commerce Place", "Riverbend",
               "27203", 35.7179, -79.7971),
    "freshstart": ("freshstart", "Fresh Start Reentry Office", "44 Foundry Street",
                   "Riverbend", "27203", 35.7108, -79.8063),
    "vso": ("vso", "Riverbend Government Center", "158 Worth Street", "Riverbend", "27203",
            35.7087, -79.8126),
    "homefront": ("homefront", "Homefront Veterans Alliance Office", "9 Liberty Row",
                  "Riverbend", "27203", 35.7113, -79.8148),
    "spectrum": ("spectrum", "Spectrum Youth Alliance Space", "212 Sunset Avenue",
                 "Riverbend", "27203", 35.7071, -79.8157),
    "firststeps": ("firststeps", "First Steps Office", "1660 Commerce Place", "Riverbend",
                   "27203", 35.7195, -79.7940),
    "openhands": ("openhands", "Open Hands Resource Office", "480 Elm Bluff Road",
                  "Riverbend", "27203", 35.7220, -79.8068),
    "literacy": ("literacy", "Riverbend Public Library, Main Branch", "201 Worth Street",
                 "Riverbend", "27203", 35.7090, -79.8136),
    "vitalrecords": ("vitalrecords", "Riverbend Government Center", "158 Worth Street",
                     "Riverbend", "27203", 35.7087, -79.8126),
    "threads": ("threads", "Threads of Hope Clothing Room", "31 Grace Street", "Riverbend",
                "27203", 35.7049, -79.8095),
    "babypantry": ("babypantry", "Riverbend Baby Pantry", "614 Tanyard Road", "Riverbend",
                   "27203", 35.7165, -79.8029),
    "lighthouse": ("lighthouse", "Lighthouse Counseling Associates", "2200 Brookhaven Drive",
                   "Riverbend", "27205", 35.6932, -79.8124),
    "partnership": ("partnership", "Partnership for Children Family Resource Center",
                    "1505 Southgate Boulevard", "Riverbend", "27205", 35.6881, -79.8187),
    "sunrise": ("sunrise", "Sunrise Adult Day Center", "3340 Meadowlark Drive", "Riverbend",
                "27203", 35.7312, -79.7970),
    "volunteertax": ("volunteertax", "Riverbend Public Library, Main Branch", "201 Worth Street",
                     "Riverbend", "27203", 35.7090, -79.8136),
    "hollismill": ("pantrynet", "Hollis Mill Community Building", "12 Mill Pond Road",
                   "Hollis Mill", "27317", 35.8466, -79.7994),
}


@dataclass
class Service:
    key: str
    org: str
    name: str
    description: str
    terms: tuple[str, ...]
    at: tuple[str, ...] = ()  # location keys
    areas: tuple[str, ...] = ()  # service areas (services with no place)
    eligibility: str = ""
    application: str = ""
    fees: str = ""
    cost: str = ""  # free | sliding scale | Medicaid accepted | fee
    status: str = "active"
    alert: str = ""
    min_age: float | None = None
    max_age: float | None = None
    languages: tuple[str, ...] = ("en",)
    hours: str = ""  # "24/7", "MO-FR 08:00-17:00; SA 09:00-12:00"
    phone: str = ""  # own number (else the organization's)
    phone_type: str = "voice"
    alternate_name: str = ""


S = Service
LOCAL = (COUNTY,)
STATEWIDE = (STATE,)

SERVICES = [
    # -- shelter ---------------------------------------------------------------------------
    S("men_shelter", "mission", "Emergency Overnight Shelter - Men",
      "Provides emergency overnight lodging, an evening meal, showers and laundry to adult "
      "males experiencing homelessness. Guests may stay up to 30 consecutive nights; "
      "extensions are granted to guests working with a case manager. Lockers available.",
      ("1301",), ("mission",), eligibility="Males age 18 and older. Must pass a breath "
      "alcohol screen at intake; registered sex offenders cannot be accommodated.",
      application="Walk in. Intake begins nightly at 5:30 p.m.; beds assigned first come, "
      "first served.", fees="None.", cost="free", min_age=18, hours="MO-SU 17:30-07:00"),
    S("women_shelter", "mission", "Hope Cottage Shelter for Women and Children",
      "Offers temporary residence for single women and mothers with dependent children who "
      "are without housing. Residents receive meals, case management, parenting classes and "
      "assistance locating permanent housing. Average stay 60 days.",
      ("1301", "1301.01"), ("mission_women",), eligibility="Women 18 and older, and women "
      "with their minor children. Boys over 12 cannot be housed.",
      application="Call for bed availability, then come to Hope Cottage for an intake "
      "interview between 9 a.m. and 3 p.m.", fees="None.", cost="free",
      hours="MO-FR 09:00-15:00"),
    S("cold_weather", "mission", "White Flag Cold Weather Shelter",
      "Opens additional overflow mats to any adult when the overnight temperature is "
      "forecast at or below 32 degrees. No sobriety requirement; hot drinks served.",
      ("1301", "1301.04"), ("mission",), eligibility="Adults 18 and older.",
      application="Walk in after 7 p.m. on declared white flag nights.", fees="None.",
      cost="free", status="temporarily closed", alert="Closed for the season; reopens "
      "November 15.", min_age=18, hours="MO-SU 19:00-07:00"),
    S("noon_meal", "mission", "Community Noon Meal",
      "Serves a hot lunch daily in the Rescue Mission dining hall, open to anyone in the "
      "community. Bagged dinners distributed to shelter guests.",
      ("1202",), ("mission",), eligibility="Open to all.", application="Walk in.",
      fees="None.", cost="free", hours="MO-SU 11:30-13:00"),
    S("new_life", "mission", "New Life Residential Recovery Program",
      "Nine-month, Christ-centered residential program for men seeking freedom from alcohol "
      "and drug addiction. Includes Bible study, work therapy, GED tutoring and transition "
      "planning. Not a medical program; participants must be past acute withdrawal.",
      ("1803",), ("mission",), eligibility="Men 18 and older who are not taking methadone "
      "or other controlled medications.", application="Complete an application at the "
      "Mission front desk; interview required.", fees="None.", cost="free", min_age=18,
      hours="MO-FR 08:00-17:00"),
    S("family_shelter", "opendoor", "Family Emergency Housing Program",
      "Provides temporary shelter to families with minor children who are homeless. "
      "Families sleep at rotating host congregations and spend days at the Open Door Day "
      "Center, where staff assist with employment, benefits and housing search. Two-parent, "
      "single-father and single-mother households accepted.",
      ("1301", "1301.01"), ("opendoor",), eligibility="Households with at least one child "
      "under 18. Referral through the Coordinated Assessment line preferred.",
      application="Call the Day Center for a screening interview.", fees="None.",
      cost="free", hours="MO-FR 07:30-17:00"),
    S("coord_assessment", "coalition", "Coordinated Assessment for Homeless Services",
      "Single point of entry for all homeless programs in the Riverbend Continuum of Care. "
      "Staff complete a housing needs assessment, make shelter referrals, provide diversion "
      "assistance and place households on the priority list for housing programs.",
      ("1302",), ("coalition",), eligibility="Individuals and families who are literally "
      "homeless or will lose their housing within 14 days.", application="Call or walk in "
      "weekdays. After-hours callers are directed to the shelters.", fees="None.",
      cost="free", hours="MO-FR 08:30-16:30"),
    S("outreach", "coalition", "Street Outreach Team",
      "Outreach workers locate and engage people sleeping in cars, camps, abandoned "
      "buildings and other places not meant for habitation. Provides tents, blankets, "
      "hygiene kits and transportation to shelter, and completes housing assessments in "
      "the field.", ("1303",), areas=LOCAL, eligibility="Unsheltered individuals.",
      application="Call to request an outreach visit for yourself or someone else.",
      fees="None.", cost="free", hours="MO-FR 07:00-15:30"),
    S("rapid_rehousing", "coalition", "Rapid Re-Housing Program",
      "Short- to medium-term rental assistance and housing stabilization case management "
      "for households moving out of shelter or unsheltered homelessness. Pays security "
      "deposits, first month's rent and up to 12 months of declining rent support.",
      ("1304", "1307"), ("coalition",), eligibility="Literally homeless households "
      "referred through Coordinated Assessment.", application="Referral only.",
      fees="None.", cost="free", hours="MO-FR 08:30-16:30"),
    S("youth_shelter", "youthhaven", "Youth Haven Emergency Shelter",
      "Twelve-bed emergency shelter for youth ages 11 to 17 who have run away, are "
      "homeless, or cannot safely remain at home. Provides crisis counseling, family "
      "mediation, school transportation and reunification services. Staffed 24 hours.",
      ("1301", "1301.02"), ("youthhaven",), eligibility="Ages 11-17. Youth may self-refer; "
      "parent or guardian notified within 72 hours.", application="Call 24 hours a day or "
      "come to the door.", fees="None.", cost="free", min_age=11, max_age=17,
      hours="24/7"),
    S("transitional_youth", "youthhaven", "Transitional Living Program for Young Adults",
      "Supervised apartment living for up to 18 months for young adults ages 18 to 24 "
      "experiencing homelessness, including youth aging out of foster care. Life skills "
      "instruction, education and employment coaching.", ("1307",), ("youthhaven",),
      eligibility="Ages 18-24, homeless or at risk.", application="Call for an intake "
      "appointment.", fees="30% of income toward rent once employed.", cost="sliding scale",
      min_age=18, max_age=24, hours="MO-FR 09:00-17:00"),
    # -- violence --------------------------------------------------------------------------
    S("dv_line", "bridgeway", "24-Hour Domestic Violence and Sexual Assault Crisis Line",
      "Trained advocates answer calls 24 hours a day for victims of intimate partner "
      "violence, sexual assault, stalking and human trafficking. Provides crisis "
      "intervention, safety planning, information on legal options and access to the "
      "agency safe house.", ("1101", "1101.02"), areas=LOCAL, eligibility="Anyone affected "
      "by domestic or sexual violence, and concerned family or friends.",
      application="Call any time.", fees="None.", cost="free", hours="24/7",
      phone="336-555-0160", phone_type="hotline"),
    S("safe_house", "bridgeway", "Confidential Safe House",
      "Emergency shelter at a confidential location for adults and their children fleeing "
      "domestic violence. Residents receive advocacy, counseling, court accompaniment and "
      "help relocating. Pets may be sheltered through a partner kennel.",
      ("1301", "1301.03"), areas=LOCAL, eligibility="Victims of domestic violence and their "
      "children.", application="Admission through the 24-hour crisis line only.",
      fees="None.", cost="free", hours="24/7", phone="336-555-0160", phone_type="hotline"),
    S("sa_accompaniment", "bridgeway", "Sexual Assault Hospital Accompaniment",
      "Advocates meet survivors of rape and sexual assault at Riverbend Regional Medical "
      "Center for the forensic exam, explain reporting options and provide follow-up "
      "support. Victims are not required to report to law enforcement to receive services.",
      ("1106",), areas=LOCAL, eligibility="Survivors of sexual assault of any age and "
      "gender.", application="Call the 24-hour crisis line or ask hospital staff for a "
      "Bridgeway advocate.", fees="None.", cost="free", hours="24/7",
      phone="336-555-0160", phone_type="hotline"),
    S("court_advocacy", "bridgeway", "Protective Order Court Advocacy",
      "Assists victims of domestic violence in filing for 50B domestic violence protective "
      "orders and 50C civil no-contact orders, and accompanies them to court hearings.",
      ("2305", "1106"), ("bridgeway",), eligibility="Victims of domestic violence, "
      "stalking or sexual assault.", application="Walk in weekdays 8:30-11:30 a.m. or call "
      "for an appointment.", fees="None.", cost="free", hours="MO-FR 08:30-16:30"),
    S("dv_line_es", "bridgeway", "Línea de Apoyo en Español para Víctimas de Violencia",
      "Intercesoras bilingües atienden a víctimas de violencia doméstica y agresión sexual. "
      "Ofrecen plan de seguridad, información sobre órdenes de protección, acompañamiento "
      "al tribunal y acceso al refugio confidencial. No se pregunta el estatus migratorio.",
      ("1101.02",), areas=LOCAL, eligibility="Personas hispanohablantes afectadas por la "
      "violencia doméstica o sexual.", application="Llame de lunes a viernes; fuera de "
      "horario, llame a la línea de crisis de 24 horas y pida un intérprete.",
      fees="Gratis.", cost="free", languages=("es",), hours="MO-FR 08:00-20:00",
      phone="336-555-0161", phone_type="hotline"),
    # -- food ------------------------------------------------------------------------------
    S("pantry", "pantrynet", "Emergency Food Pantry",
      "Distributes a three- to five-day supply of nonperishable groceries, plus produce, "
      "bread and dairy when available. Households may visit once per calendar month.",
      ("1201",), ("pantrynet",), eligibility="Riverbend residents. Photo ID and proof of "
      "address requested at first visit.", application="Walk in during distribution "
      "hours.", fees="None.", cost="free", hours="TU,TH 10:00-14:00; SA 09:00-12:00"),
    S("mobile_pantry", "pantrynet", "Mobile Food Distribution",
      "Refrigerated truck distributes fresh produce, meat and shelf-stable foods at rural "
      "sites on a monthly rotation, including the Hollis Mill Community Building on the "
      "second Wednesday.", ("1201",), ("hollismill",), eligibility="Open to all "
      "households; no documentation required.", application="Drive-through; arrive early.",
      fees="None.", cost="free", hours="WE 10:00-12:00"),
    S("backpack", "pantrynet", "Weekend Backpack Program",
      "Sends students home on Fridays with a bag of kid-friendly, easy-to-prepare food to "
      "cover weekend meals during the school year.", ("1205",), ("pantrynet",),
      eligibility="Students ages 5-18 enrolled in participating Riverbend schools.",
      application="Ask the school counselor or social worker for a referral.", fees="None.",
      cost="free", min_age=5, max_age=18, hours="MO-FR 08:00-16:00"),
    S("breakfast", "gracest", "Saturday Community Breakfast",
      "Hot breakfast served in the fellowship hall every Saturday morning. Guests may also "
      "pick up hygiene items and socks.", ("1202",), ("gracest",),
      eligibility="Open to all.", application="Walk in.", fees="None.", cost="free",
      status="temporarily closed", alert="Suspended while the fellowship hall kitchen is "
      "renovated.", hours="SA 07:30-09:30"),
    S("despensa", "esperanza", "Despensa de Alimentos Nueva Esperanza",
      "Entrega de víveres, frutas, verduras y leche a familias necesitadas cada dos "
      "semanas. Se atiende en español. No se piden documentos de identidad ni comprobante "
      "de estatus migratorio.", ("1201",), ("esperanza",), eligibility="Familias de bajos "
      "recursos de la zona.", application="Venga los miércoles por la tarde; traiga sus "
      "propias bolsas.", fees="Gratis.", cost="free", languages=("es",),
      hours="WE 16:00-18:30"),
    S("snap", "dss", "Food and Nutrition Services Applications",
      "Accepts and processes applications for Food and Nutrition Services (SNAP), the "
      "federal benefit loaded monthly onto an EBT card for purchasing groceries. Expedited "
      "benefits within 7 days for households with very low income.",
      ("1203", "1901"), ("dss",), eligibility="Income-eligible households; some "
      "non-citizens qualify.", application="Apply online, by mail or in person. An "
      "interview is required.", fees="None.", cost="free", languages=("en", "es"),
      hours="MO-FR 08:00-17:00"),
    S("medicaid", "dss", "Medicaid Applications and Renewals",
      "Determines eligibility for Medicaid, including expanded Medicaid for adults 19 to "
      "64, Medicaid for families with children, pregnant women, and aged, blind and "
      "disabled individuals.", ("1902", "1901"), ("dss",), eligibility="Residents meeting "
      "income and program requirements.", application="Apply online, by phone, by mail or "
      "in person.", fees="None.", cost="free", languages=("en", "es"),
      hours="MO-FR 08:00-17:00"),
    S("crisis_energy", "dss", "Crisis Intervention Program (Energy)",
      "Pays up to $600 per fiscal year toward a heating or cooling bill for households in "
      "a heating- or cooling-related crisis, such as a disconnect notice, an empty propane "
      "tank or a health-threatening temperature in the home.", ("1305",), ("dss",),
      eligibility="Households with income at or below 150% of poverty facing a "
      "heating or cooling emergency.", application="Apply in person with the disconnect "
      "notice, a current bill and proof of income.", fees="None.", cost="free",
      hours="MO-FR 08:00-17:00"),
    S("heating", "dss", "Winter Home Heating Assistance",
      "One-time annual payment made directly to the heating vendor. Applications accepted "
      "December 1 through March 31, or until funds run out; households with a person 60 "
      "or older or a disabled person receiving services may apply from December 1.",
      ("1305",), ("dss",), eligibility="Income-eligible households responsible for their "
      "heating costs.", application="Apply in person or online during the season.",
      fees="None.", cost="free", hours="MO-FR 08:00-17:00"),
    S("work_first", "dss", "Work First Family Assistance",
      "Short-term cash assistance and employment services for low-income families with "
      "children.", ("1901",), ("dss",), eligibility="Families with a child under 18 and "
      "very low income.", application="Apply in person.", fees="None.", cost="free",
      hours="MO-FR 08:00-17:00"),
    S("childcare_subsidy", "dss", "Child Care Subsidy",
      "Helps eligible working parents and parents in school pay for licensed child care "
      "for children birth through age 12.", ("2002", "1901"), ("dss",),
      eligibility="Working or in-school parents meeting income limits.",
      application="Apply in person; waiting list may apply.", fees="Parent fee based on "
      "income.", cost="sliding scale", hours="MO-FR 08:00-17:00"),
    S("aps", "dss", "Adult Protective Services",
      "Investigates reports of abuse, neglect or financial exploitation of disabled "
      "adults, and arranges protective services.", ("2003", "2004"), ("dss",),
      eligibility="Disabled adults 18 and older.", application="Anyone may make a report "
      "by phone.", fees="None.", cost="free", hours="MO-FR 08:00-17:00"),
    S("nemt", "dss", "Medicaid Transportation to Medical Appointments",
      "Arranges non-emergency transportation to medical, dental and pharmacy appointments "
      "for Medicaid recipients with no other means of travel. Requests must be made at "
      "least 2 business days in advance.", ("1503",), ("dss",), eligibility="Medicaid "
      "recipients.", application="Call the transportation desk.", fees="None.",
      cost="free", hours="MO-FR 08:00-17:00"),
    S("rent_assist", "threerivers", "Emergency Rent and Mortgage Assistance",
      "Provides one-time financial assistance toward past-due rent or mortgage payments "
      "to prevent eviction or foreclosure. Payment is made directly to the landlord or "
      "lender.", ("1304",), ("threerivers",), eligibility="Riverbend households at or "
      "below 200% of poverty with a court summons or late notice.", application="Call for "
      "a pre-screening; bring lease, notice and income proof to the appointment.",
      fees="None.", cost="free", hours="MO-TH 08:30-16:00"),
    S("head_start", "threerivers", "Head Start Preschool",
      "Free full-day preschool for children ages 3 to 5 from income-eligible families, "
      "with meals, health screenings and family support.", ("2002",), ("headstart",),
      eligibility="Children ages 3-5; family income at or below poverty, or in foster "
      "care, or homeless.", application="Apply at the Early Learning Center.",
      fees="None.", cost="free", min_age=3, max_age=5, hours="MO-FR 07:30-17:30"),
    S("utility_fund", "utilities", "Neighbor-to-Neighbor Utility Assistance Fund",
      "Donation-funded credit of up to $250 applied to City of Riverbend water, sewer or "
      "electric accounts that are past due, once every 12 months.", ("1305",),
      ("utilities",), eligibility="City utility customers with a past-due balance and "
      "household income at or below 200% of poverty.", application="Apply at the "
      "customer service counter.", fees="None.", cost="free", hours="MO-FR 08:00-17:00"),
    S("public_housing", "housingauth", "Public Housing Apartments",
      "Subsidized one- to four-bedroom apartments in six communities. Rent is generally "
      "30% of adjusted household income.", ("1306",), ("housingauth",),
      eligibility="Low-income families, elderly and disabled persons.",
      application="Applications accepted online when the waiting list is open.",
      fees="Income-based rent.", cost="sliding scale", hours="MO-FR 08:00-16:30"),
    S("vouchers", "housingauth", "Housing Choice Voucher Program",
      "Federally funded rental assistance that allows low-income households to lease "
      "privately owned housing; the program pays a portion of rent directly to the "
      "landlord.", ("1306",), ("housingauth",), eligibility="Very low-income households.",
      application="Waiting list currently closed; call for opening dates.",
      fees="Tenant pays about 30% of income.", cost="sliding scale",
      hours="MO-FR 08:00-16:30"),
    # -- legal -----------------------------------------------------------------------------
    S("eviction_defense", "legal", "Eviction Defense and Tenant Representation",
      "Attorneys advise and represent tenants facing summary ejectment in small claims "
      "court, illegal lockouts, utility shut-offs by landlords, and substandard housing "
      "conditions.", ("2302", "2301"), ("legal",), eligibility="Low-income tenants; "
      "priority to those with a scheduled court date.", application="Call the intake line "
      "as soon as court papers are received.", fees="None.", cost="free",
      languages=("en", "es"), hours="MO-FR 09:00-16:00"),
    S("civil_legal", "legal", "Civil Legal Assistance",
      "Free legal advice and representation in family law (custody, divorce involving "
      "domestic violence), public benefits denials, consumer debt, wills for seniors and "
      "unemployment appeals.", ("2301",), ("legal",), eligibility="Income at or below "
      "125% of poverty; seniors 60+ regardless of income.", application="Telephone "
      "intake.", fees="None.", cost="free", languages=("en", "es"),
      hours="MO-FR 09:00-16:00"),
    S("expunction", "legal", "Criminal Record Expunction Clinic",
      "Reviews criminal records and files petitions to expunge dismissed charges and "
      "eligible convictions, which can remove barriers to employment and housing.",
      ("2304",), ("legal",), eligibility="Low-income residents.", application="Monthly "
      "clinic by appointment.", fees="Court filing fees may be waived.", cost="free",
      hours="TH 13:00-17:00"),
    S("license_restore", "legal", "Driver's License Restoration Project",
      "Helps residents whose driver's licenses are suspended for unpaid traffic fines or "
      "failure to appear to obtain fee waivers and restore driving privileges.",
      ("2301", "2306"), ("legal",), eligibility="Low-income residents.",
      application="Telephone intake.", fees="None.", cost="free",
      hours="MO-FR 09:00-16:00"),
    S("inmigracion", "centrolatino", "Servicios Legales de Inmigración",
      "Representantes acreditados por el Departamento de Justicia ayudan con DACA, "
      "peticiones familiares, residencia permanente, ciudadanía, permisos de trabajo, "
      "visas U y VAWA. Consultas a bajo costo.", ("2303",), ("centrolatino",),
      eligibility="Inmigrantes y sus familias.", application="Haga una cita por teléfono.",
      fees="Consulta de $25; tarifas reducidas según ingresos.", cost="sliding scale",
      languages=("es", "en"), hours="MO-TH 09:00-17:00"),
    S("ingles", "centrolatino", "Clases de Inglés para Adultos",
      "Clases de inglés como segundo idioma en niveles básico, intermedio y avanzado, por "
      "las noches. Cuidado de niños disponible durante las clases.", ("2101",),
      ("centrolatino",), eligibility="Adultos de 18 años o más.", application="Inscríbase "
      "en persona al comienzo de cada trimestre.", fees="Gratis; se pide una donación para "
      "libros.", cost="free", languages=("es", "en"), min_age=18,
      hours="TU,TH 18:00-20:00"),
    S("orientacion", "centrolatino", "Orientación y Apoyo a Familias Latinas",
      "Personal bilingüe ayuda a las familias a llenar solicitudes, entender cartas de "
      "escuelas y agencias, hacer citas médicas y encontrar recursos de vivienda y "
      "empleo. Servicio de intérprete para citas.", ("2404",), ("centrolatino",),
      eligibility="Familias hispanohablantes.", application="Sin cita, de lunes a jueves.",
      fees="Gratis.", cost="free", languages=("es",), hours="MO-TH 09:00-17:00"),
    S("immigration_legal", "newcomers", "Immigration Legal Consultations",
      "DOJ-accredited representatives provide consultations and application assistance "
      "for naturalization, green card renewal, family-based petitions, asylum follow-up "
      "and Temporary Protected Status.", ("2303", "2404"), ("newcomers",),
      eligibility="Immigrants and refugees.", application="By appointment.",
      fees="Sliding scale based on household size and income.", cost="sliding scale",
      languages=("en", "es", "ar", "fr"), hours="MO-FR 09:00-16:00"),
    S("refugee", "newcomers", "Refugee Resettlement and Case Management",
      "Assists newly arrived refugees during their first 90 days with housing, "
      "school enrollment, benefits, cultural orientation and employment.", ("2404",),
      ("newcomers",), eligibility="Refugees, asylees and Special Immigrant Visa holders.",
      application="Referral through the national resettlement agency.", fees="None.",
      cost="free", languages=("en", "ar", "fr", "sw"), hours="MO-FR 09:00-16:00"),
    S("citizenship", "newcomers", "Citizenship Preparation Classes",
      "Ten-week course covering the U.S. history and civics questions and the English "
      "reading and writing test for naturalization.", ("2103",), ("newcomers",),
      eligibility="Lawful permanent residents.", application="Register by phone.",
      fees="None.", cost="free", hours="SA 10:00-12:00"),
    # -- behavioral health -----------------------------------------------------------------
    S("access_line", "heartland", "Behavioral Health Access and Crisis Line",
      "Licensed clinicians answer 24 hours a day to screen callers for mental health, "
      "substance use and developmental disability needs, arrange urgent appointments and "
      "dispatch the mobile crisis team. Interpreters available.", ("1101", "1102"),
      areas=LOCAL, eligibility="Residents of the region, regardless of insurance.",
      application="Call any time.", fees="None.", cost="free", hours="24/7",
      phone="336-555-0162", phone_type="hotline"),
    S("mobile_crisis", "heartland", "Mobile Crisis Management",
      "A clinician and a peer specialist travel to homes, schools, workplaces and other "
      "community settings to assess and de-escalate a behavioral health crisis, often "
      "avoiding an emergency room visit or involuntary commitment. Responds to children "
      "and adults.", ("1102",), areas=LOCAL, eligibility="Any person experiencing a "
      "mental health or substance use crisis.", application="Request through the "
      "Behavioral Health Access and Crisis Line.", fees="None.", cost="free",
      hours="24/7", phone="336-555-0162", phone_type="hotline"),
    S("idd_coordination", "heartland", "Developmental Disability Care Coordination",
      "Care coordinators help people with intellectual and developmental disabilities "
      "apply for waiver services, plan supports and connect with providers.",
      ("2003",), areas=LOCAL, eligibility="Individuals with an intellectual or "
      "developmental disability diagnosis.", application="Call the access line.",
      fees="None.", cost="free", hours="MO-FR 08:00-17:00", phone="336-555-0162"),
    S("bhuc", "crossroads", "Behavioral Health Urgent Care and Walk-In Crisis Center",
      "Open around the clock for adults experiencing a psychiatric or substance use "
      "emergency. Offers assessment, crisis stabilization, bridge prescriptions and "
      "linkage to follow-up care as an alternative to the hospital emergency department. "
      "Law enforcement drop-off accepted.", ("1103",), ("crossroads",),
      eligibility="Adults 18 and older.", application="Walk in any time.",
      fees="No one turned away for inability to pay.", cost="sliding scale", min_age=18,
      hours="24/7"),
    S("fbc", "crossroads", "Facility-Based Crisis Unit",
      "Sixteen-bed short-term residential unit (typically 3 to 7 days) for adults in "
      "acute psychiatric or substance use crisis who need 24-hour supervision but not "
      "hospitalization; includes medically supervised withdrawal.", ("1103", "1801"),
      ("crossroads",), eligibility="Adults 18 and older; voluntary or involuntary.",
      application="Admission through the walk-in crisis center.", fees="Medicaid and "
      "state funds accepted.", cost="Medicaid accepted", min_age=18, hours="24/7"),
    S("psychiatry", "crossroads", "Outpatient Psychiatry and Medication Management",
      "Psychiatric evaluations and ongoing medication management by psychiatrists and "
      "psychiatric nurse practitioners for depression, bipolar disorder, schizophrenia, "
      "PTSD and anxiety disorders. Long-acting injectable medications administered on "
      "site.", ("1702",), ("crossroads",), eligibility="Children and adults.",
      application="Call for an intake appointment; same-week openings for people leaving "
      "the hospital.", fees="Medicaid, Medicare, private insurance; sliding scale.",
      cost="Medicaid accepted", hours="MO-FR 08:00-17:00"),
    S("therapy", "crossroads", "Individual and Family Therapy",
      "Licensed therapists provide outpatient psychotherapy for children, adolescents and "
      "adults, including trauma-focused cognitive behavioral therapy and dialectical "
      "behavior therapy.", ("1701",), ("crossroads",), eligibility="All ages.",
      application="Call for an intake appointment.", fees="Medicaid, insurance, sliding "
      "scale.", cost="Medicaid accepted", hours="MO-TH 08:00-19:00; FR 08:00-17:00"),
    S("er", "hospital", "Emergency Department",
      "Full-service hospital emergency department open 24 hours for medical emergencies, "
      "poisonings and overdoses, injuries and psychiatric emergencies. Sexual assault "
      "nurse examiners on call.", ("1104",), ("hospital",), eligibility="Anyone; treatment "
      "provided regardless of ability to pay.", application="Go directly or call 911.",
      fees="Billed to insurance; financial assistance available.", cost="fee",
      hours="24/7"),
    S("inpatient_psych", "hospital", "Inpatient Behavioral Health Unit",
      "Twenty-bed locked adult psychiatric unit for patients who are a danger to "
      "themselves or others or unable to care for themselves because of mental illness.",
      ("1703",), ("hospital",), eligibility="Adults 18 and older; admission through the "
      "Emergency Department.", application="Physician referral.", fees="Insurance, "
      "Medicaid, Medicare.", cost="Medicaid accepted", min_age=18, hours="24/7"),
    S("charity_care", "hospital", "Hospital Financial Assistance Program",
      "Reduces or forgives hospital bills for uninsured and underinsured patients, and "
      "sets up interest-free payment plans.", ("1608",), ("hospital",),
      eligibility="Household income at or below 300% of poverty.", application="Request "
      "an application from Patient Financial Services.", fees="None.", cost="free",
      hours="MO-FR 08:00-16:30"),
    S("lighthouse_counseling", "lighthouse", "Sliding-Scale Counseling",
      "Outpatient counseling for adults, couples and teens for depression, anxiety, grief, "
      "relationship problems and life transitions. Evening appointments available.",
      ("1701",), ("lighthouse",), eligibility="Ages 13 and up.", application="Call to "
      "schedule.", fees="$20-$90 per session based on income.", cost="sliding scale",
      hours="MO-TH 09:00-20:00"),
    S("consejeria", "lighthouse", "Consejería en Español",
      "Terapia individual y familiar en español con consejeros bilingües para depresión, "
      "ansiedad, duelo, trauma y problemas familiares. Tarifa según ingresos.",
      ("1701",), ("lighthouse",), eligibility="Adultos, adolescentes y familias.",
      application="Llame para hacer una cita.", fees="Escala móvil de $20 a $60.",
      cost="sliding scale", languages=("es",), hours="TU,TH 12:00-20:00"),
    # -- addiction -------------------------------------------------------------------------
    S("otp", "piedmontrecovery", "Opioid Treatment Program (Methadone Maintenance)",
      "State-licensed opioid treatment program dispensing methadone daily, with "
      "counseling, drug screening and take-home doses earned over time. Same-day "
      "admission for most patients arriving before 9 a.m.", ("1802",),
      ("piedmontrecovery",), eligibility="Adults 18 and older with opioid use disorder.",
      application="Walk in for admission Monday-Friday, 5:30-9:00 a.m.",
      fees="Medicaid; state-funded slots; self-pay $14 per day.",
      cost="Medicaid accepted", min_age=18, hours="MO-FR 05:30-13:00; SA 06:00-09:00"),
    S("obot", "piedmontrecovery", "Office-Based Buprenorphine Treatment",
      "Prescribes buprenorphine (Suboxone, Sublocade) and naltrexone (Vivitrol) for "
      "opioid and alcohol use disorders, with weekly to monthly visits and counseling.",
      ("1802", "1804"), ("piedmontrecovery",), eligibility="Ages 16 and older.",
      application="Call for an appointment; bridge prescriptions available.",
      fees="Medicaid, insurance, sliding scale.", cost="Medicaid accepted", min_age=16,
      hours="MO-FR 08:00-16:00"),
    S("iop", "piedmontrecovery", "Substance Use Intensive Outpatient Program",
      "Group-based outpatient treatment three evenings per week for 12 weeks for alcohol "
      "and other drug use, followed by continuing care groups.", ("1804",),
      ("piedmontrecovery",), eligibility="Adults 18 and older.", application="Assessment "
      "required.", fees="Medicaid, insurance, sliding scale.", cost="Medicaid accepted",
      min_age=18, hours="MO,WE,TH 17:30-20:30"),
    S("detox", "stillwater", "Medically Monitored Detoxification",
      "Twenty-four-hour nursing and physician oversight for safe withdrawal from alcohol, "
      "opioids, benzodiazepines and other substances. Typical stay 3 to 7 days, with "
      "discharge planning to ongoing treatment.", ("1801",), ("stillwater",),
      eligibility="Adults 18 and older; medically stable.", application="Call for a phone "
      "screening before arriving; admissions 24 hours.", fees="Medicaid, state funds, "
      "private insurance.", cost="Medicaid accepted", min_age=18, hours="24/7"),
    S("residential", "stillwater", "Residential Substance Use Treatment",
      "Twenty-eight-day residential rehabilitation for adults with alcohol or drug "
      "dependence, combining group therapy, relapse prevention, family sessions and "
      "aftercare planning. Separate men's and women's halls.", ("1803",), ("stillwater",),
      eligibility="Adults 18 and older who have completed detox if needed.",
      application="Phone screening, then admission date scheduled.", fees="Medicaid, "
      "state funds, private insurance.", cost="Medicaid accepted", min_age=18,
      hours="24/7"),
    S("syringe", "harmreduction", "Syringe Services Program",
      "Provides sterile syringes, safer-use supplies, sharps disposal, wound care "
      "supplies and fentanyl test strips without judgment. Participants receive a "
      "program ID card protecting possession of program syringes.", ("1805",),
      ("harmreduction",), eligibility="People who use drugs.", application="Walk in; "
      "anonymous enrollment.", fees="None.", cost="free",
      hours="MO,WE,FR 12:00-18:00"),
    S("naloxone", "harmreduction", "Naloxone Distribution and Overdose Response Training",
      "Free naloxone (Narcan) nasal spray kits and brief training on recognizing and "
      "reversing an opioid overdose. Kits also mailed to county residents on request.",
      ("1805",), ("harmreduction",), eligibility="Anyone.", application="Walk in or "
      "request by phone.", fees="None.", cost="free", hours="MO-FR 10:00-18:00"),
    S("recovery_homes", "secondwind", "Recovery Residences",
      "Alcohol- and drug-free shared homes for men and for women in early recovery. "
      "Residents pay weekly program fees, attend house meetings and mutual-help meetings, "
      "and submit to random drug screens. Medication for addiction treatment permitted.",
      ("1308", "1806"), ("secondwind",), eligibility="Adults in recovery.",
      application="Call for an interview; openings vary.", fees="$150 per week, "
      "including utilities.", cost="fee", min_age=18, hours="MO-FR 09:00-17:00"),
    S("peer_coaching", "peerbridges", "Peer Recovery Coaching",
      "Certified peer support specialists in long-term recovery help individuals set "
      "recovery goals, navigate treatment and reconnect with family and employment. "
      "Coaches visit the emergency department after overdoses.", ("1806", "1704"),
      ("peerbridges",), eligibility="Anyone affected by substance use.",
      application="Walk in or call.", fees="None.", cost="free",
      hours="MO-FR 09:00-17:00"),
    S("meetings", "peerbridges", "All-Pathways Recovery Meetings",
      "Mutual-help meetings open to people pursuing any pathway of recovery, including "
      "medication-assisted recovery. Family support group on Mondays.", ("1806",),
      ("peerbridges",), eligibility="Open to all.", application="Drop in.", fees="None.",
      cost="free", hours="MO-SU 18:00-19:00"),
    # -- health ----------------------------------------------------------------------------
    S("sti", "health", "STD and HIV Testing Clinic",
      "Confidential testing and treatment for sexually transmitted diseases including "
      "chlamydia, gonorrhea, syphilis and HIV; hepatitis C screening; condoms and PrEP "
      "referrals.", ("1605",), ("health",), eligibility="Anyone; minors may be seen "
      "without parental consent.", application="Walk in or make an appointment.",
      fees="None.", cost="free", languages=("en", "es"), hours="MO-FR 08:00-16:00"),
    S("immunizations", "health", "Immunization Clinic",
      "Childhood and adult vaccinations including influenza, COVID-19, tetanus, hepatitis "
      "and travel vaccines.", ("1607",), ("health",), eligibility="All ages.",
      application="Appointment preferred.", fees="Free for children through the state "
      "program; adult fees vary.", cost="sliding scale", hours="MO-FR 08:00-16:00"),
    S("prenatal", "health", "Prenatal Care Clinic",
      "Obstetric care throughout pregnancy, including lab work, ultrasound referrals, "
      "nutrition counseling and pregnancy care management.", ("1606",), ("health",),
      eligibility="Pregnant residents; Medicaid or uninsured.", application="Call for an "
      "appointment; pregnancy tests available on a walk-in basis.", fees="Medicaid; "
      "sliding scale.", cost="Medicaid accepted", languages=("en", "es"),
      hours="MO-FR 08:00-16:00"),
    S("wic", "health", "WIC Nutrition Program",
      "Supplemental foods, infant formula, breastfeeding support and nutrition education "
      "for pregnant and postpartum women, infants and children under 5.", ("1203",),
      ("health",), eligibility="Income-eligible pregnant women, new mothers, infants and "
      "children under age 5.", application="Call for an appointment.", fees="None.",
      cost="free", languages=("en", "es"), hours="MO-FR 08:00-16:30"),
    S("child_dental", "health", "Public Health Dental Clinic",
      "Dental exams, cleanings, fillings and extractions for children and for adults with "
      "Medicaid.", ("1602",), ("health",), eligibility="Children to age 20; adults with "
      "Medicaid.", application="Call for an appointment.", fees="Medicaid; sliding scale "
      "for uninsured children.", cost="Medicaid accepted", hours="MO-TH 08:00-17:00"),
    S("free_clinic", "freeclinic", "Free Medical Clinic for Uninsured Adults",
      "Volunteer physicians and nurse practitioners treat acute illnesses and manage "
      "chronic conditions such as diabetes, hypertension and asthma, with free lab work "
      "and medications from the clinic formulary.", ("1601", "1601.01"), ("freeclinic",),
      eligibility="Uninsured adults ages 19-64 with household income at or below 200% of "
      "poverty.", application="Eligibility screening by appointment; walk-in evening "
      "clinic Tuesdays.", fees="None.", cost="free", min_age=19, max_age=64,
      hours="TU 17:30-20:30; TH 09:00-13:00"),
    S("extraction", "freeclinic", "Free Dental Extraction Clinic",
      "Monthly clinic where volunteer dentists extract painful or infected teeth for "
      "uninsured adults.", ("1602",), ("freeclinic",), eligibility="Uninsured adults "
      "enrolled at the Free Clinic.", application="Sign up in advance; limited slots.",
      fees="None.", cost="free", min_age=19, hours="SA 08:00-12:00"),
    S("rx_assist", "freeclinic", "Prescription Assistance Program",
      "Helps patients apply to pharmaceutical manufacturer programs for free brand-name "
      "medications such as insulin and inhalers, and provides vouchers for low-cost "
      "generics.", ("1604",), ("freeclinic",), eligibility="Uninsured or underinsured "
      "residents with a valid prescription.", application="Call for an appointment with "
      "the medication assistance coordinator.", fees="None.", cost="free",
      hours="MO-TH 09:00-15:00"),
    S("primary_care", "midcarolina", "Primary Medical Care",
      "Family medicine, pediatrics and women's health for patients of all ages, including "
      "chronic disease management, physicals and same-day sick visits. Integrated "
      "behavioral health consultants on site.", ("1601", "1601.01"), ("midcarolina",),
      eligibility="All; uninsured patients pay on a sliding fee scale.",
      application="Call to establish care.", fees="Sliding fee scale; Medicaid, Medicare "
      "and private insurance.", cost="sliding scale", languages=("en", "es"),
      hours="MO-FR 07:30-18:00; SA 08:00-12:00"),
    S("pharmacy", "midcarolina", "Community Health Center Pharmacy",
      "In-house pharmacy filling prescriptions at discounted prices for health center "
      "patients, including $4 generics and reduced-cost insulin.", ("1604",),
      ("midcarolina",), eligibility="Health center patients.", application="Bring your "
      "prescription.", fees="Discounted prices.", cost="sliding scale",
      hours="MO-FR 08:00-18:00"),
    S("adult_dental", "midcarolina", "Adult and Family Dentistry",
      "General dentistry including cleanings, fillings, root canals, dentures and "
      "emergency dental visits for toothaches.", ("1602",), ("midcarolina",),
      eligibility="All ages.", application="Call; emergency slots each morning.",
      fees="Sliding fee scale; Medicaid.", cost="sliding scale",
      hours="MO-FR 08:00-17:00"),
    S("vision", "vision", "Eye Exam and Eyeglasses Assistance",
      "Vouchers for a comprehensive eye exam and one pair of basic prescription "
      "eyeglasses at participating optometrists.", ("1603",), ("seniors",),
      eligibility="Low-income residents without vision insurance; once every two years.",
      application="Apply by mail or in person at the Senior Center on the first Monday.",
      fees="None.", cost="free", hours="MO 10:00-12:00"),
    S("hiv_case", "positive", "HIV Case Management and PrEP Navigation",
      "Medical case management for people living with HIV, including help with "
      "medications, housing assistance and transportation; also links HIV-negative "
      "clients to PrEP. Free rapid HIV tests.", ("1605",), ("positive",),
      eligibility="People living with or at risk of HIV.", application="Call or walk in.",
      fees="None.", cost="free", hours="MO-FR 09:00-17:00"),
    S("health_navigators", "healthnav", "Health Insurance Enrollment Assistance",
      "Certified navigators help individuals and families compare and enroll in "
      "Marketplace health plans, apply for premium tax credits and screen for Medicaid.",
      ("1902",), areas=LOCAL, eligibility="Anyone without health coverage.",
      application="Call for a phone or in-person appointment.", fees="None.",
      cost="free", languages=("en", "es"), hours="MO-FR 09:00-18:00"),
    S("poison_line", "poison", "Poison and Overdose Information Line",
      "Nurses and pharmacists give immediate advice on poisonings, medication mistakes, "
      "overdoses, chemical exposures and bites and stings, 24 hours a day.", ("1105",),
      areas=STATEWIDE, eligibility="Anyone.", application="Call any time.",
      fees="None.", cost="free", hours="24/7", phone="336-555-0163", phone_type="hotline"),
    # -- crisis lines ----------------------------------------------------------------------
    S("suicide_line", "lifeline", "Suicide Prevention and Crisis Line",
      "Trained volunteers and staff provide free, confidential support by phone and text "
      "to individuals having thoughts of suicide or experiencing emotional distress, and "
      "to people concerned about a loved one. Can connect callers to mobile crisis.",
      ("1101", "1101.01"), areas=LOCAL, eligibility="Anyone.", application="Call or text "
      "any time.", fees="None.", cost="free", hours="24/7", phone="336-555-0164",
      phone_type="hotline"),
    S("crisis_line_es", "lifeline", "Línea de Crisis en Español",
      "Apoyo emocional gratuito y confidencial en español para personas en crisis, con "
      "pensamientos suicidas o que se sienten solas o desesperadas. También atiende a "
      "familiares preocupados.", ("1101", "1101.01"), areas=LOCAL, eligibility="Cualquier "
      "persona.", application="Llame o envíe un mensaje de texto.", fees="Gratis.",
      cost="free", languages=("es",), hours="MO-SU 12:00-24:00", phone="336-555-0165",
      phone_type="hotline"),
    S("warmline", "lifeline", "Peer Support Warmline",
      "Non-crisis telephone line answered by peers living in recovery from mental illness, "
      "for callers who feel lonely, anxious or need someone to listen.", ("1704",),
      areas=STATEWIDE, eligibility="Adults.", application="Call during evening hours.",
      fees="None.", cost="free", min_age=18, hours="MO-SU 16:00-23:00",
      phone="336-555-0166", phone_type="hotline"),
    # -- goods -----------------------------------------------------------------------------
    S("clothing", "threads", "Free Clothing Closet",
      "Free gently used clothing, shoes and coats for all ages; interview clothing "
      "available by request.", ("1401",), ("threads",), eligibility="Open to all.",
      application="Walk in; limit one visit per month.", fees="None.", cost="free",
      status="temporarily closed", alert="Closed until further notice due to water "
      "damage.", hours="TU,SA 10:00-13:00"),
    S("diapers", "babypantry", "Diaper and Formula Pantry",
      "Monthly supply of diapers and wipes, plus emergency infant formula and baby "
      "food.", ("1402",), ("babypantry",), eligibility="Families with children under 3.",
      application="Walk in with the child's birth certificate or Medicaid card.",
      fees="None.", cost="free", hours="TH 10:00-14:00"),
    # -- seniors, disability, children ----------------------------------------------------
    S("senior_meals", "seniors", "Senior Nutrition Program",
      "Hot noon meals at the Senior Center and delivery of meals to homebound older "
      "adults, with wellness checks by volunteer drivers.", ("1204", "2004"),
      ("seniors",), eligibility="Adults 60 and older; homebound for delivery.",
      application="Call for an assessment.", fees="Voluntary contribution.", cost="free",
      min_age=60, hours="MO-FR 08:00-16:00"),
    S("medicare_counseling", "seniors", "Medicare Counseling",
      "Trained volunteer counselors explain Medicare options, compare Part D drug plans "
      "during open enrollment and help apply for Extra Help and Medicare Savings "
      "Programs.", ("1902", "2004"), ("seniors",), eligibility="Medicare beneficiaries "
      "and caregivers.", application="Appointment required.", fees="None.", cost="free",
      hours="MO-FR 09:00-15:00"),
    S("in_home_aide", "seniors", "In-Home Aide Services",
      "Aides assist frail older adults with bathing, light housekeeping and meal "
      "preparation so they can remain in their homes.", ("2004.01", "2004"),
      ("seniors",), eligibility="Adults 60 and older who need help with daily "
      "activities.", application="In-home assessment; waiting list.",
      fees="Cost share based on income.", cost="sliding scale", min_age=60,
      hours="MO-FR 08:00-16:00"),
    S("senior_transport", "seniors", "Senior Ride Program",
      "Door-to-door rides for older adults to medical appointments, the grocery store and "
      "the Senior Center.", ("1502", "2004"), ("seniors",), eligibility="Adults 60 and "
      "older.", application="Schedule 48 hours in advance.", fees="Donation requested.",
      cost="free", min_age=60, hours="MO-FR 08:00-16:00"),
    S("adult_day", "sunrise", "Adult Day Health Program",
      "Supervised daytime care, activities, meals and nursing oversight for adults with "
      "dementia or physical disabilities, giving family caregivers a break.",
      ("2003.01", "2004"), ("sunrise",), eligibility="Adults 18 and older needing "
      "supervision.", application="Tour and assessment.", fees="Daily fee; Medicaid and "
      "VA accepted.", cost="Medicaid accepted", min_age=18, hours="MO-FR 07:00-18:00"),
    S("early_intervention", "firststeps", "Infant-Toddler Early Intervention",
      "Evaluates children from birth to age 3 for delays in speech, movement, learning or "
      "social development and provides therapy and family coaching in the home.",
      ("2001",), ("firststeps",), eligibility="Children birth to 3 years with a delay or "
      "diagnosed condition.", application="Parents or doctors may refer by phone.",
      fees="No charge for evaluation; family cost share based on income.",
      cost="sliding scale", max_age=3, hours="MO-FR 08:00-17:00"),
    S("respite", "openhands", "Family Caregiver Respite",
      "Trained respite workers provide short breaks for families caring for a child or "
      "adult with an intellectual or developmental disability such as autism, Down "
      "syndrome or cerebral palsy.", ("2003.01", "2003"), ("openhands",),
      eligibility="Families of people with IDD.", application="Call for an intake.",
      fees="Sliding scale; waiver funding accepted.", cost="sliding scale",
      hours="MO-FR 09:00-17:00"),
    S("disability_advocacy", "openhands", "Disability Advocacy and Special Education Support",
      "Advocates help families understand special education rights, prepare for IEP "
      "meetings and obtain disability services.", ("2003",), ("openhands",),
      eligibility="Families of children and adults with disabilities.",
      application="Call.", fees="None.", cost="free", hours="MO-FR 09:00-17:00"),
    S("parenting", "partnership", "Child Care Referral and Parent Support",
      "Helps parents find licensed child care that fits their schedule and budget, and "
      "offers parenting workshops and developmental screenings for children under 5.",
      ("2002",), ("partnership",), eligibility="Families with young children.",
      application="Call or walk in.", fees="None.", cost="free", languages=("en", "es"),
      hours="MO-FR 08:30-17:00"),
    # -- transit ---------------------------------------------------------------------------
    S("bus", "transit", "Fixed-Route Bus Service",
      "Six bus routes serving Riverbend Monday through Saturday. Reduced fares for "
      "seniors, people with disabilities and students; free transfers.", ("1501",),
      ("transit",), eligibility="Open to all.", application="Pay fare on board or buy "
      "passes at the Transit Center.", fees="$1.00 per ride; monthly pass $30.",
      cost="fee", hours="MO-FR 06:00-19:00; SA 08:00-18:00"),
    S("paratransit", "transit", "Dial-A-Ride ADA Paratransit",
      "Curb-to-curb shared-ride service within three-quarters of a mile of bus routes for "
      "people whose disability prevents them from using the fixed-route bus.",
      ("1502",), ("transit",), eligibility="Certified ADA-eligible riders.",
      application="Complete a certification application; book trips a day ahead.",
      fees="$2.00 per trip.", cost="fee", hours="MO-FR 06:00-19:00; SA 08:00-18:00"),
    # -- work, education, reentry, veterans, LGBTQ+ ---------------------------------------
    S("job_search", "career", "Job Search Assistance",
      "Job listings, resume and cover letter assistance, mock interviews, computer lab "
      "and hiring events; training vouchers for eligible dislocated workers.",
      ("2201",), ("career",), eligibility="Anyone 18 or older looking for work.",
      application="Walk in.", fees="None.", cost="free", languages=("en", "es"),
      min_age=18, hours="MO-FR 08:00-17:00"),
    S("youth_jobs", "career", "Youth Employment Program",
      "Paid work experience, occupational training and GED support for young people ages "
      "16 to 24 who are out of school or face barriers to employment.", ("2202",),
      ("career",), eligibility="Ages 16-24.", application="Attend an orientation.",
      fees="None.", cost="free", min_age=16, max_age=24, hours="MO-FR 08:00-17:00"),
    S("ged", "literacy", "Adult Education and GED Preparation",
      "One-on-one tutoring and small classes in reading, writing and math for adults, and "
      "preparation for the high school equivalency exams.", ("2102",), ("literacy",),
      eligibility="Adults 16 and older not enrolled in school.", application="Register "
      "for a placement test.", fees="None.", cost="free", min_age=16,
      hours="MO-TH 09:00-20:00"),
    S("esl", "literacy", "English Conversation Classes",
      "Volunteer-led classes for adults learning English, focused on everyday "
      "conversation, job vocabulary and reading.", ("2101",), ("literacy",),
      eligibility="Adults whose first language is not English.", application="Drop in to "
      "any class.", fees="None.", cost="free", min_age=18, hours="MO,WE 18:00-19:30"),
    S("tax_prep", "volunteertax", "Free Tax Preparation",
      "IRS-certified volunteers prepare and e-file federal and state returns and claim "
      "the Earned Income Tax Credit for households earning under $67,000.", ("1903",),
      ("volunteertax",), eligibility="Household income under $67,000.",
      application="Appointments January through April.", fees="None.", cost="free",
      hours="TU,TH 16:00-20:00; SA 09:00-13:00"),
    S("reentry", "freshstart", "Reentry Support Services",
      "Case managers help individuals released from prison or jail obtain identification, "
      "housing, employment, clothing and transportation, and connect with treatment. "
      "Pre-release planning available for people within 90 days of release.",
      ("2403",), ("freshstart",), eligibility="Adults with a criminal record returning to "
      "Riverbend.", application="Call or walk in; probation referrals accepted.",
      fees="None.", cost="free", min_age=18, hours="MO-FR 09:00-17:00"),
    S("id_help", "idaccess", "ID and Birth Certificate Assistance",
      "Volunteers help people experiencing homelessness or leaving incarceration order "
      "birth certificates from any state, replace Social Security cards and pay the fee "
      "for a state identification card.", ("2306",), ("freshstart",),
      eligibility="Homeless or reentering adults.", application="Walk in Wednesdays.",
      fees="Fees paid by the program.", cost="free", hours="WE 09:00-13:00"),
    S("vital_records", "vitalrecords", "Certified Birth and Death Certificates",
      "Issues certified copies of birth certificates for people born in the county and "
      "death certificates for deaths that occurred in the county.", ("2306",),
      ("vitalrecords",), eligibility="Person named, or immediate family with ID.",
      application="Apply in person with photo ID.", fees="$10 per certified copy.",
      cost="fee", hours="MO-FR 08:00-17:00"),
    S("va_claims", "vso", "VA Benefits Claims Assistance",
      "Accredited veteran service officers assist veterans, surviving spouses and "
      "dependents with disability compensation, pension, burial and education claims and "
      "appeals.", ("2401",), ("vso",), eligibility="Veterans and their dependents.",
      application="Bring your DD-214; appointments preferred.", fees="None.",
      cost="free", hours="MO-FR 08:00-17:00"),
    S("ssvf", "homefront", "Homeless Prevention for Veteran Families",
      "Rental assistance, security deposits, utility payments and case management for "
      "veterans and their families who are homeless or at imminent risk of losing "
      "housing.", ("2401", "1304"), ("homefront",), eligibility="Veterans with other than "
      "dishonorable discharge and income at or below 50% of area median.",
      application="Call for screening.", fees="None.", cost="free",
      hours="MO-FR 08:30-17:00"),
    S("lgbtq_youth", "spectrum", "LGBTQ+ Youth Support Group",
      "Weekly peer support group and social evening for lesbian, gay, bisexual, "
      "transgender, nonbinary and questioning youth, facilitated by a licensed counselor. "
      "Snacks provided.", ("2402", "1704"), ("spectrum",), eligibility="Youth ages 13-20.",
      application="Drop in; no parental permission required.", fees="None.",
      cost="free", min_age=13, max_age=20, hours="TH 17:00-19:00"),
    S("lgbtq_center", "spectrum", "LGBTQ+ Youth Drop-In Center",
      "Afternoon drop-in space with homework help and meals for LGBTQ+ teens.",
      ("2402",), ("spectrum",), eligibility="Youth ages 13-20.", application="Drop in.",
      fees="None.", cost="free", status="inactive", min_age=13, max_age=20,
      hours="MO-FR 15:00-18:00"),
    # -- no longer offered -----------------------------------------------------------------
    S("holiday", "threerivers", "Holiday Toy and Food Basket Program",
      "Seasonal distribution of toys and holiday food baskets to registered families.",
      ("1201",), ("threerivers",), eligibility="Registered low-income families.",
      application="Registration in October.", fees="None.", cost="free",
      status="inactive", hours="MO-FR 09:00-16:00"),
    S("needle_exchange_old", "health", "Mobile Health Van",
      "Formerly provided mobile screenings and syringe exchange at rural sites.",
      ("1805", "1601"), ("health",), eligibility="Anyone.", application="Walk up.",
      fees="None.", cost="free", status="defunct", hours="WE 09:00-12:00"),
]

# -- writing the package --------------------------------------------------------------------

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
LANGUAGE_NAMES = {"en": "English", "es": "Spanish", "ar": "Arabic", "fr": "French",
                  "sw": "Swahili"}


def _days(spec: str) -> str:
    if "-" in spec:
        first, last = spec.split("-")
        return ",".join(DAYS[DAYS.index(first):DAYS.index(last) + 1])
    return spec


def _schedule_rows(service: Service) -> list[dict]:
    if service.hours == "24/7":
        return [dict(freq="WEEKLY", byday=",".join(DAYS), opens_at="00:00:00",
                     closes_at="23:59:00", description="24 hours, 7 days")]
    rows = []
    for part in filter(None, (p.strip() for p in service.hours.split(";"))):
        days, times = part.split()
        opens, closes = times.split("-")
        closes = "23:59" if closes == "24:00" else closes
        # Overnight hours (17:30-07:00) are kept as written: opens in the evening.
        rows.append(dict(freq="WEEKLY", byday=_days(days), opens_at=f"{opens}:00",
                         closes_at=f"{closes}:00", description=part))
    return rows


def tables() -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {name: [] for name in OFFICIAL}
    taxonomy_id = uid("taxonomy", "riverbend")
    out["taxonomy"].append(dict(
        id=taxonomy_id, name=TAXONOMY, version="2025.2",
        description="Service categories of the Riverbend 211 resource database (fictional "
        "test data)."))
    term_ids = {code: uid("term", code) for code, *_ in TERMS}
    for code, name, description, parent in TERMS:
        out["taxonomy_term"].append(dict(
            id=term_ids[code], code=code, name=name, description=description,
            parent_id=term_ids[parent] if parent else "", taxonomy=TAXONOMY, language="en",
            taxonomy_id=taxonomy_id))
    org_phone = {}
    for n, (key, (name, description)) in enumerate(ORGS.items()):
        org_id = uid("organization", key)
        out["organization"].append(dict(
            id=org_id, name=name, description=description,
            email=f"info@{re.sub(r'[^a-z]', '', key)}.example.org",
            website=f"https://{re.sub(r'[^a-z]', '', key)}.example.org"))
        org_phone[key] = f"336-555-01{n:02d}"
        out["phone"].append(dict(id=uid("phone", f"org:{key}"), organization_id=org_id,
                                 number=org_phone[key], type="voice",
                                 description="Main number"))
    assert len(ORGS) < 60, "organization phones must stay below 555-0160"
    for key, (org, name, street, city, zip_code, lat, lon) in LOCATIONS.items():
        location_id = uid("location", key)
        out["location"].append(dict(
            id=location_id, location_type="physical", organization_id=uid("organization", org),
            name=name, latitude=f"{lat:.4f}", longitude=f"{lon:.4f}"))
        out["address"].append(dict(
            id=uid("address", key), location_id=location_id, address_1=street, city=city,
            region=COUNTY, state_province="NC", postal_code=zip_code, country="US",
            address_type="physical"))
    for service in SERVICES:
        service_id = uid("service", service.key)
        out["service"].append(dict(
            id=service_id, organization_id=uid("organization", service.org),
            name=service.name, alternate_name=service.alternate_name,
            description=service.description, status=service.status,
            application_process=service.application, fees_description=service.fees,
            eligibility_description=service.eligibility,
            minimum_age="" if service.min_age is None else f"{service.min_age:g}",
            maximum_age="" if service.max_age is None else f"{service.max_age:g}",
            alert=service.alert, last_modified="2025-09-15T12:00:00Z"))
        for code in service.terms:
            out["attribute"].append(dict(
                id=uid("attribute", f"{service.key}:{code}"), link_id=service_id,
                taxonomy_term_id=term_ids[code], link_type="service_category",
                link_entity="service"))
        for location in service.at:
            out["service_at_location"].append(dict(
                id=uid("service_at_location", f"{service.key}:{location}"),
                service_id=service_id, location_id=uid("location", location)))
        for area in service.areas:
            out["service_area"].append(dict(
                id=uid("service_area", f"{service.key}:{area}"), service_id=service_id,
                name=area))
        out["phone"].append(dict(
            id=uid("phone", f"service:{service.key}"), service_id=service_id,
            number=service.phone or org_phone[service.org], type=service.phone_type))
        for n, row in enumerate(_schedule_rows(service)):
            out["schedule"].append(dict(id=uid("schedule", f"{service.key}:{n}"),
                                        service_id=service_id, **row))
        for code in service.languages:
            out["language"].append(dict(
                id=uid("language", f"{service.key}:{code}"), service_id=service_id,
                name=LANGUAGE_NAMES[code], code=code))
        if service.cost:
            out["cost_option"].append(dict(
                id=uid("cost_option", service.key), service_id=service_id,
                option=service.cost, amount_description=service.fees))
    return out


def descriptor() -> dict:
    durham = json.loads((ROOT / "directory_data" / "datapackage.json").read_text("utf-8"))
    resources = [r for r in durham["resources"] if r["name"] in OFFICIAL]
    return {
        "name": "riverbend-nc-test-directory",
        "title": "FICTIONAL TEST DATA - Riverbend, NC 211 resource directory (HSDS 3.0)",
        "description": "Fictional directory of an invented North Carolina city, written to "
                       "measure Navigator's search on a directory unlike Durham's: its own "
                       "taxonomy and 211-style wording. No real organization, address or "
                       "phone number (555-01xx). Not for use with residents.",
        "profile": "tabular-data-package",
        "version": "1.0.0",
        "created": "2025-09-15T00:00:00Z",
        "homepage": "https://docs.openreferral.org",
        "resources": resources,
    }


def write(folder: Path = HERE) -> dict[str, int]:
    """Write every CSV file and ``datapackage.json``; returns rows per file."""
    spec = descriptor()
    data = tables()
    counts = {}
    for resource in spec["resources"]:
        columns = [f["name"] for f in resource["schema"]["fields"]]
        rows = data[resource["name"]]
        with (folder / resource["path"]).open("w", encoding="utf-8", newline="") as stream:
            writer = csv.DictWriter(stream, columns, lineterminator="\r\n")
            writer.writeheader()
            writer.writerows(rows)
        counts[resource["path"]] = len(rows)
    (folder / "datapackage.json").write_text(json.dumps(spec, indent=1, ensure_ascii=False)
                                             + "\n", encoding="utf-8")
    return counts


def check() -> None:
    names = [s.name for s in SERVICES]
    assert len(names) == len(set(names)), "service names must be unique"
    keys = [s.key for s in SERVICES]
    assert len(keys) == len(set(keys)), "service keys must be unique"
    codes = {code for code, *_ in TERMS}
    for s in SERVICES:
        assert s.org in ORGS, s.key
        assert set(s.terms) <= codes, s.key
        assert all(location in LOCATIONS for location in s.at), s.key
        assert s.at or s.areas, f"{s.key}: neither a location nor a service area"
        assert s.hours, s.key


if __name__ == "__main__":
    check()
    for path, n in write().items():
        print(f"{n:5d}  {path}")
