"""Synthetic HSDS 3.0 tabular datapackage generator (import benchmark input).

Writes a realistic-looking Open Referral HSDS 3.0 *tabular* package: every
official CSV file name, the official columns in the official order, a header
row in every file (also in files left empty), UTF-8, quoting done by the
``csv`` module, plus a ``datapackage.json`` descriptor that lists every
resource with its Table Schema (types, formats, required/unique constraints,
enums, primary and foreign keys as in the official HSDS 3.0 package).

For N services the package holds about:

* N/5 organizations; each service belongs to one of them
* N physical locations (one per service), spread across North Carolina with a
  denser cluster around Durham (35.99, -78.90); one physical address each
  (real NC city/county names, state NC, 5-digit 27xxx/28xxx ZIPs, country US)
* N service_at_location rows, 1-2 phones, 1-2 WEEKLY schedules, 1-3 attributes
  (link_entity ``service``, pointing at taxonomy terms), 1-2 languages per
  service, a cost_options row for roughly a third of the services
* one taxonomy with 60 hierarchical terms (10 top-level, 50 children)

Everything is derived from one ``random.Random(seed)``: the same
(services, seed) pair always produces byte-identical files. Ids are UUID4
strings built from that generator. Rows are streamed to disk service by
service; only organization ids/names (N/5) and the 60 taxonomy terms are kept
in memory.

Usage::

    python bench/synthetic_hsds.py DEST --services 50000 [--seed 1]
"""

from __future__ import annotations

import argparse
import csv
import json
import pathlib
import random
import sys
import time
import uuid

__all__ = ["write_package", "descriptor", "RESOURCES", "COLUMNS"]

HSDS_VERSION = "3.0.0"

# --------------------------------------------------------------------------
# Official HSDS 3.0 tabular resources (from the official datapackage.json).
# Field syntax: name[:type][@format][|flags]  flags: ! required, u unique.
# Foreign keys: "field>resource" (always referencing the resource's "id").
# --------------------------------------------------------------------------
_RESOURCES = (
    ('organization', 'organizations.csv',
     'id@uuid|!u name|! alternate_name description|! email@email website@uri tax_status '
     'tax_id year_incorporated:number legal_status logo uri@uri '
     'parent_organization_id@uuid',
     ''),
    ('program', 'programs.csv',
     'id@uuid|!u organization_id@uuid|!u name|! alternate_name description|!',
     'organization_id>organization'),
    ('service', 'services.csv',
     'id@uuid|!u organization_id@uuid|! program_id@uuid name|! alternate_name description '
     'url@uri email@email status|! interpretation_services application_process '
     'fees_description wait_time fees accreditations eligibility_description '
     'minimum_age:number maximum_age:number assured_date:date assurer_email@email licenses '
     'alert last_modified:datetime',
     'organization_id>organization program_id>program'),
    ('attribute', 'attributes.csv',
     'id@uuid|!u link_id@uuid|! taxonomy_term_id@uuid|! link_type link_entity|! value',
     'taxonomy_term_id>taxonomy_term'),
    ('service_at_location', 'service_at_location.csv',
     'id@uuid|!u service_id@uuid|! location_id@uuid|! description',
     'service_id>service location_id>location'),
    ('location', 'locations.csv',
     'id@uuid|!u location_type|! url@uri organization_id@uuid name alternate_name '
     'description transportation latitude:number longitude:number external_identifier '
     'external_identifier_type',
     'organization_id>organization'),
    ('phone', 'phones.csv',
     'id@uuid|!u location_id@uuid service_id@uuid organization_id@uuid contact_id@uuid '
     'service_at_location_id@uuid number|! extension:number type description',
     'contact_id>contact location_id>location organization_id>organization '
     'service_id>service service_at_location_id>service_at_location'),
    ('contact', 'contacts.csv',
     'id@uuid|!u organization_id@uuid service_id@uuid service_at_location_id@uuid '
     'location_id@uuid name title department email@email',
     'location_id>location organization_id>organization service_id>service '
     'service_at_location_id>service_at_location'),
    ('address', 'addresses.csv',
     'id@uuid|!u location_id@uuid attention address_1|! address_2 city|! region '
     'state_province|! postal_code|! country|! address_type|!',
     'location_id>location'),
    ('schedule', 'schedules.csv',
     'id@uuid|!u service_id@uuid location_id@uuid service_at_location_id@uuid '
     'valid_from:date valid_to:date dtstart:date timezone:number until:date count:number '
     'wkst freq interval:number byday byweekno bymonthday byyearday description '
     'opens_at:time closes_at:time schedule_link@uri attending_type notes',
     'location_id>location service_id>service service_at_location_id>service_at_location'),
    ('funding', 'funding.csv',
     'id@uuid|!u organization_id@uuid service_id@uuid source',
     'organization_id>organization service_id>service'),
    ('service_area', 'service_areas.csv',
     'id@uuid|!u service_id@uuid name description extent extent_type uri',
     'service_id>service'),
    ('required_document', 'required_documents.csv',
     'id@uuid|!u service_id@uuid document uri@uri',
     'service_id>service'),
    ('language', 'languages.csv',
     'id@uuid|!u service_id@uuid location_id@uuid phone_id@uuid name code note',
     'location_id>location phone_id>phone service_id>service'),
    ('accessibility', 'accessibility.csv',
     'id@uuid|!u location_id@uuid description details url@uri',
     'location_id>location'),
    ('taxonomy_term', 'taxonomy_terms.csv',
     'id@uuid|!u code|u name|! description|! parent_id@uuid taxonomy language '
     'taxonomy_id@uuid term_uri@uri',
     'taxonomy_id>taxonomy'),
    ('metadata', 'metadata.csv',
     'id@uuid|!u resource_id@uuid|! resource_type|! last_action_date:date|! '
     'last_action_type|! field_name|! previous_value|! replacement_value|! updated_by|!',
     ''),
    ('meta_table_description', 'meta_table_descriptions.csv',
     'id@uuid|!u name language character_set',
     ''),
    ('cost_option', 'cost_options.csv',
     'id@uuid|!u service_id@uuid|! valid_from:date valid_to:date option currency '
     'amount:number amount_description',
     'service_id>service'),
    ('organization_identifier', 'organization_identifiers.csv',
     'id@uuid|!u organization_id@uuid|! identifier_scheme identifier_type|! identifier|!',
     'organization_id>organization'),
    ('taxonomy', 'taxonomies.csv',
     'id@uuid|!u name|! description|! uri@uri version',
     ''),
)

_ENUMS = {
    ('service', 'status'): ['active', 'inactive', 'defunct', 'temporarily closed'],
    ('location', 'location_type'): ['physical', 'postal', 'virtual'],
    ('address', 'address_type'): ['physical', 'postal', 'virtual'],
    ('schedule', 'wkst'): ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'],
    ('schedule', 'freq'): ['WEEKLY', 'MONTHLY'],
}


def _parse_resources() -> list[dict]:
    out = []
    for name, path, field_spec, fk_spec in _RESOURCES:
        fields = []
        for token in field_spec.split():
            head, _, flags = token.partition('|')
            head, _, fmt = head.partition('@')
            fname, _, ftype = head.partition(':')
            field = {'name': fname, 'type': ftype or 'string'}
            if fmt:
                field['format'] = fmt
            constraints = {'required': '!' in flags, 'unique': 'u' in flags}
            if (name, fname) in _ENUMS:
                constraints['enum'] = list(_ENUMS[(name, fname)])
            field['constraints'] = constraints
            fields.append(field)
        fks = []
        for item in fk_spec.split():
            fld, _, ref = item.partition('>')
            fks.append({'fields': fld, 'reference': {'resource': ref, 'fields': 'id'}})
        out.append({'name': name, 'path': path, 'fields': fields, 'foreign_keys': fks})
    return out


RESOURCES: list[dict] = _parse_resources()
#: file name -> official column names in official order
COLUMNS: dict[str, list[str]] = {r['path']: [f['name'] for f in r['fields']] for r in RESOURCES}
_BY_NAME = {r['name']: r for r in RESOURCES}


def descriptor(services: int | None = None, seed: int | None = None) -> dict:
    """The ``datapackage.json`` descriptor (Frictionless tabular-data-package)."""
    desc = 'Synthetic HSDS 3.0 data generated for the Navigator import benchmark.'
    if services is not None:
        desc += f' services={services} seed={seed}.'
    resources = []
    for r in RESOURCES:
        schema = {'primaryKey': 'id', 'fields': [dict(f) for f in r['fields']]}
        if r['foreign_keys']:
            schema['foreignKeys'] = r['foreign_keys']
        resources.append({
            'name': r['name'],
            'path': r['path'],
            'format': 'csv',
            'mediatype': 'text/csv',
            'encoding': 'utf-8',
            'profile': 'tabular-data-resource',
            'schema': schema,
        })
    return {
        'name': 'navigator_synthetic_hsds',
        'title': 'Navigator synthetic HSDS 3.0 benchmark data',
        'description': desc,
        'profile': 'tabular-data-package',
        'version': HSDS_VERSION,
        'homepage': 'http://docs.openreferral.org',
        'resources': resources,
    }


# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------

# (city, county, lat, lon, spread in degrees, weight, area code, ZIP codes)
_CITIES = (
    ('Durham', 'Durham', 35.994, -78.899, 0.045, 300, '919',
     '27701 27703 27704 27705 27707 27712 27713'),
    ('Raleigh', 'Wake', 35.780, -78.639, 0.05, 70, '919',
     '27601 27603 27604 27605 27606 27607 27608 27609 27610 27612 27613 27614 27615 27616'),
    ('Chapel Hill', 'Orange', 35.913, -79.056, 0.02, 25, '919', '27514 27516 27517'),
    ('Carrboro', 'Orange', 35.910, -79.075, 0.01, 8, '919', '27510'),
    ('Cary', 'Wake', 35.792, -78.781, 0.03, 20, '919', '27511 27513 27518 27519'),
    ('Morrisville', 'Wake', 35.823, -78.826, 0.015, 6, '919', '27560'),
    ('Hillsborough', 'Orange', 36.075, -79.100, 0.015, 8, '919', '27278'),
    ('Apex', 'Wake', 35.733, -78.850, 0.02, 8, '919', '27502 27523 27539'),
    ('Wake Forest', 'Wake', 35.980, -78.510, 0.02, 6, '919', '27587'),
    ('Garner', 'Wake', 35.711, -78.614, 0.015, 5, '919', '27529'),
    ('Creedmoor', 'Granville', 36.122, -78.686, 0.012, 3, '919', '27522'),
    ('Oxford', 'Granville', 36.311, -78.591, 0.012, 4, '919', '27565'),
    ('Roxboro', 'Person', 36.394, -78.983, 0.012, 4, '336', '27573'),
    ('Mebane', 'Alamance', 36.096, -79.267, 0.012, 4, '919', '27302'),
    ('Burlington', 'Alamance', 36.096, -79.437, 0.025, 10, '336', '27215 27217'),
    ('Greensboro', 'Guilford', 36.073, -79.792, 0.045, 35, '336',
     '27401 27403 27405 27406 27407 27408 27410'),
    ('High Point', 'Guilford', 35.956, -80.005, 0.025, 12, '336', '27260 27262 27265'),
    ('Winston-Salem', 'Forsyth', 36.100, -80.244, 0.045, 30, '336',
     '27101 27103 27104 27105 27106 27107 27127'),
    ('Charlotte', 'Mecklenburg', 35.227, -80.843, 0.07, 60, '704',
     '28202 28203 28204 28205 28206 28207 28208 28209 28210 28211 28212 28213 28215 28216'),
    ('Concord', 'Cabarrus', 35.409, -80.580, 0.025, 8, '704', '28025 28027'),
    ('Gastonia', 'Gaston', 35.262, -81.187, 0.025, 8, '704', '28052 28054 28056'),
    ('Asheville', 'Buncombe', 35.595, -82.551, 0.035, 18, '828',
     '28801 28803 28804 28805 28806'),
    ('Hendersonville', 'Henderson', 35.318, -82.461, 0.015, 5, '828', '28739 28791 28792'),
    ('Boone', 'Watauga', 36.217, -81.674, 0.012, 4, '828', '28607'),
    ('Hickory', 'Catawba', 35.733, -81.341, 0.02, 7, '828', '28601 28602'),
    ('Morganton', 'Burke', 35.745, -81.685, 0.015, 4, '828', '28655'),
    ('Statesville', 'Iredell', 35.783, -80.887, 0.015, 5, '704', '28625 28677'),
    ('Salisbury', 'Rowan', 35.671, -80.474, 0.015, 5, '704', '28144 28146'),
    ('Wilmington', 'New Hanover', 34.226, -77.945, 0.035, 20, '910',
     '28401 28403 28405 28409 28411 28412'),
    ('Jacksonville', 'Onslow', 34.754, -77.430, 0.025, 8, '910', '28540 28546'),
    ('Fayetteville', 'Cumberland', 35.053, -78.878, 0.04, 22, '910',
     '28301 28303 28304 28305 28306 28311 28314'),
    ('Lumberton', 'Robeson', 34.618, -79.008, 0.015, 5, '910', '28358 28360'),
    ('Greenville', 'Pitt', 35.613, -77.366, 0.025, 12, '252', '27834 27858'),
    ('Rocky Mount', 'Nash', 35.938, -77.791, 0.02, 7, '252', '27801 27803 27804'),
    ('Wilson', 'Wilson', 35.722, -77.915, 0.015, 6, '252', '27893 27896'),
    ('Goldsboro', 'Wayne', 35.385, -77.993, 0.015, 6, '919', '27530 27534'),
    ('Kinston', 'Lenoir', 35.263, -77.582, 0.012, 4, '252', '28501 28504'),
    ('New Bern', 'Craven', 35.108, -77.044, 0.015, 5, '252', '28560 28562'),
    ('Elizabeth City', 'Pasquotank', 36.295, -76.251, 0.012, 3, '252', '27909'),
    ('Sanford', 'Lee', 35.480, -79.180, 0.015, 4, '919', '27330 27332'),
    ('Henderson', 'Vance', 36.330, -78.399, 0.012, 4, '252', '27536 27537'),
    ('Smithfield', 'Johnston', 35.508, -78.339, 0.012, 3, '919', '27577'),
    ('Pittsboro', 'Chatham', 35.720, -79.177, 0.012, 3, '919', '27312'),
    ('Asheboro', 'Randolph', 35.708, -79.814, 0.015, 4, '336', '27203 27205'),
    ('Reidsville', 'Rockingham', 36.355, -79.665, 0.012, 3, '336', '27320'),
    ('Monroe', 'Union', 34.985, -80.550, 0.015, 5, '704', '28110 28112'),
    ('Shelby', 'Cleveland', 35.292, -81.535, 0.015, 4, '704', '28150 28152'),
    ('Rockingham', 'Richmond', 34.939, -79.774, 0.012, 2, '910', '28379'),
    ('Sylva', 'Jackson', 35.374, -83.226, 0.01, 2, '828', '28779'),
    ('Murphy', 'Cherokee', 35.088, -84.035, 0.01, 1, '828', '28906'),
    ('Manteo', 'Dare', 35.908, -75.676, 0.01, 1, '252', '27954'),
    ('Roanoke Rapids', 'Halifax', 36.461, -77.654, 0.012, 2, '252', '27870'),
)
_CITY_INDEX = list(range(len(_CITIES)))
_CITY_CUM_WEIGHTS = []
_acc = 0
for _c in _CITIES:
    _acc += _c[5]
    _CITY_CUM_WEIGHTS.append(_acc)
_CITY_ZIPS = [c[7].split() for c in _CITIES]

_STREETS = (
    'Main St', 'Fayetteville St', 'Roxboro St', 'Alston Ave', 'Chapel Hill Rd', 'Holloway St',
    'Duke St', 'Hillsborough Rd', 'Broad St', 'Elm St', 'Oak Ave', 'Church St', 'Market St',
    'Martin Luther King Jr Pkwy', 'Front St', 'Washington St', 'Franklin St', 'Academy St',
    'Trade St', 'Tryon St', 'Wendover Ave', 'Glenwood Ave', 'Capital Blvd', 'Poplar Ave',
    'Maple Dr', 'Pine St', 'Cedar Ln', 'Liberty St', 'Union St', 'Person St', 'Pettigrew St',
    'Angier Ave', 'Club Blvd', 'Guess Rd', 'Cornwallis Rd', 'Lakewood Ave', 'Morehead Ave',
    'Old Oxford Rd', 'Miami Blvd', 'Lawson St', 'Riddle Rd', 'Salisbury St', 'Independence Blvd',
    'Summit Ave', 'College Rd', 'Hwy 55', 'Mangum St', 'Corcoran St', 'Wake Forest Rd',
    'Beatties Ford Rd', 'Gate City Blvd', 'Patton Ave', 'Oleander Dr', 'Raeford Rd',
)
_SUITES = ('Suite 100', 'Suite 200', 'Suite 210', 'Unit B', 'Room 104', 'Floor 2', 'Bldg C')

_BRANDS = (
    'Bull City', 'Triangle', 'Eno River', 'Piedmont', 'Carolina', 'Tar Heel', 'Hope',
    'New Beginnings', 'Open Door', 'Harbor', 'Cornerstone', 'Lifeline', 'Bridges',
    'Good Neighbor', 'Second Chance', 'Community', 'Neighborhood', 'Eastside', 'Westside',
    'Northgate', 'Southside', 'Unity', 'Haven', 'Mercy', 'Crossroads', 'Pathways',
    'Family First', 'Helping Hands', 'Urban Ministries', 'Interfaith', 'Longleaf', 'Dogwood',
)
_ORG_NOUNS_GENERAL = ('Community Services', 'Resource Center', 'Community Action Agency',
                      'Neighborhood Partnership', 'Outreach Ministries', 'Support Network')
# organization name nouns by top-level taxonomy category (same order as _TAXONOMY)
_ORG_NOUNS = (
    ('Crisis Center', 'Crisis Line', 'Safe Haven'),
    ('Housing Coalition', 'Rescue Mission', 'Homeless Services', 'Housing Partnership'),
    ('Food Bank', 'Food Ministry', 'Community Kitchen'),
    ('Counseling Associates', 'Behavioral Health', 'Wellness Collaborative'),
    ('Recovery Center', 'Treatment Services', 'Recovery Alliance'),
    ('Health Center', 'Community Health Alliance', 'Free Clinic'),
    ('Legal Aid', 'Justice Center', 'Legal Services'),
    ('Workforce Partnership', 'Economic Opportunity Center', 'Career Center'),
    ('Family Services', 'Youth Network', "Children's Home Society"),
    ('Community Services', 'Aging Services', 'Neighbor Network'),
)
_ORG_SUFFIXES = ('', '', '', ' Inc.', ' of North Carolina', ' Foundation')
_SERVICE_SUFFIXES = ('Program', 'Services', 'Center', 'Clinic', 'Project', 'Initiative',
                     'Line', 'Network')
_POPULATIONS = ('Youth', 'Family', 'Veterans', 'Senior', "Women's", 'Adult', 'Teen',
                'Latino', 'Re-entry', 'Student')
_POP_PHRASES = (
    'adults', 'families with children', 'youth ages 12 to 24', 'older adults', 'veterans',
    'people experiencing homelessness', 'survivors of domestic violence',
    'people leaving incarceration', 'low-income households', 'people with disabilities',
    'pregnant and parenting women', 'LGBTQ+ youth', 'immigrants and refugees',
    'uninsured residents', 'college students',
)

# Taxonomy: (top name, code, [(term, phrase, keywords)])
_TAXONOMY = (
    ('Emergency and Crisis', 'crisis', (
        ('Crisis Hotline', '24-hour phone and text crisis support',
         ('crisis counseling', 'safety planning', 'suicide risk screening')),
        ('Mobile Crisis Response', 'on-site crisis response teams',
         ('de-escalation', 'welfare checks', 'same-day follow-up')),
        ('Disaster Relief', 'help after fires, floods and storms',
         ('temporary lodging', 'replacement clothing', 'debris cleanup')),
        ('Domestic Violence Support', 'confidential help for survivors of abuse',
         ('safe shelter', 'protective orders', 'advocacy')),
        ('Emergency Financial Assistance', 'one-time emergency cash assistance',
         ('utility shutoff prevention', 'prescription costs', 'bus passes')),
    )),
    ('Housing', 'housing', (
        ('Emergency Shelter', 'emergency overnight shelter beds',
         ('overnight beds', 'hot showers', 'case management')),
        ('Transitional Housing', 'transitional housing for up to 24 months',
         ('furnished rooms', 'life skills coaching', 'savings plans')),
        ('Rent Help', 'rent help and eviction prevention',
         ('back rent', 'security deposits', 'landlord mediation')),
        ('Utility Assistance', 'help paying power, water and heating bills',
         ('heating assistance', 'water bills', 'weatherization')),
        ('Homeless Outreach', 'street outreach to unsheltered neighbors',
         ('camp visits', 'hygiene kits', 'housing navigation')),
    )),
    ('Food', 'food', (
        ('Food Pantry', 'a client-choice food pantry',
         ('groceries', 'fresh produce', 'baby formula')),
        ('Community Meals', 'free hot community meals',
         ('hot lunches', 'bagged dinners', 'weekend meals')),
        ('Home-Delivered Meals', 'meals delivered to homebound residents',
         ('daily meal delivery', 'wellness checks', 'special diets')),
        ('SNAP Enrollment', 'help applying for SNAP food benefits',
         ('SNAP applications', 'WIC referrals', 'recertification')),
        ('Mobile Food Market', 'a mobile market with low-cost fresh food',
         ('fresh produce', 'dairy', 'cooking demonstrations')),
    )),
    ('Mental Health', 'mental-health', (
        ('Counseling', 'individual, couples and family counseling',
         ('individual therapy', 'family therapy', 'trauma counseling')),
        ('Psychiatric Care', 'psychiatric evaluation and medication management',
         ('psychiatric evaluation', 'medication management', 'telepsychiatry')),
        ('Peer Support', 'peer support from people with lived experience',
         ('peer mentoring', 'support groups', 'recovery coaching')),
        ('Suicide Prevention', 'suicide prevention and postvention services',
         ('gatekeeper training', 'crisis follow-up', 'lethal means counseling')),
        ('Grief Support', 'grief and bereavement support',
         ('grief groups', 'memorial events', 'children\'s grief camps')),
    )),
    ('Substance Use', 'substance-use', (
        ('Detox', 'medically monitored detox',
         ('withdrawal management', 'nursing care', 'discharge planning')),
        ('Outpatient Treatment', 'outpatient substance use treatment',
         ('group therapy', 'relapse prevention', 'drug screening')),
        ('Residential Treatment', 'residential substance use treatment',
         ('28-day programs', 'structured living', 'aftercare')),
        ('Medication-Assisted Treatment', 'medication-assisted treatment for opioid use',
         ('buprenorphine', 'methadone', 'naltrexone')),
        ('Harm Reduction', 'harm reduction supplies and education',
         ('naloxone kits', 'syringe services', 'fentanyl test strips')),
    )),
    ('Health Care', 'health', (
        ('Primary Care', 'low-cost primary medical care',
         ('sick visits', 'chronic disease care', 'vaccinations')),
        ('Dental Care', 'sliding-scale dental care',
         ('cleanings', 'extractions', 'emergency dental visits')),
        ('Prenatal Care', 'prenatal and postpartum care',
         ('prenatal visits', 'doula support', 'lactation support')),
        ('HIV Testing', 'free HIV and STI testing',
         ('rapid HIV tests', 'PrEP navigation', 'STI treatment')),
        ('Health Insurance Enrollment', 'help enrolling in Medicaid and marketplace plans',
         ('Medicaid applications', 'marketplace plans', 'renewals')),
    )),
    ('Legal', 'legal', (
        ('Legal Aid', 'free civil legal aid',
         ('legal advice', 'court representation', 'benefits appeals')),
        ('Expungement', 'criminal record expungement clinics',
         ('record review', 'expunction petitions', 'driver license restoration')),
        ('Immigration Legal Services', 'immigration legal consultations',
         ('DACA renewals', 'asylum cases', 'citizenship applications')),
        ('Tenant Rights', 'tenant rights education and eviction defense',
         ('eviction defense', 'repair requests', 'fair housing complaints')),
        ('Re-entry Support', 'support for people returning from incarceration',
         ('ID replacement', 'job readiness', 'mentoring')),
    )),
    ('Employment and Income', 'work', (
        ('Job Training', 'job training and certification courses',
         ('forklift certification', 'CNA training', 'digital skills')),
        ('Job Placement', 'job search and placement help',
         ('resume help', 'interview practice', 'employer connections')),
        ('Tax Preparation', 'free tax preparation',
         ('VITA tax filing', 'earned income credit', 'ITIN applications')),
        ('Benefits Enrollment', 'help applying for public benefits',
         ('disability benefits', 'Work First', 'unemployment claims')),
        ('Financial Counseling', 'free financial coaching',
         ('budgeting', 'credit repair', 'debt management')),
    )),
    ('Family and Youth', 'family', (
        ('Child Care', 'child care and child care subsidies',
         ('child care vouchers', 'Pre-K', 'infant care')),
        ('Youth Mentoring', 'one-to-one youth mentoring',
         ('mentoring', 'tutoring', 'summer programs')),
        ('Parenting Classes', 'parenting education classes',
         ('positive parenting', 'co-parenting', 'home visits')),
        ('After-School Programs', 'after-school and summer programs',
         ('homework help', 'sports', 'arts')),
        ('Family Reunification', 'family reunification services',
         ('supervised visitation', 'family mediation', 'kinship care support')),
    )),
    ('Basic Needs', 'basic-needs', (
        ('Transportation Assistance', 'rides and transit passes',
         ('bus passes', 'medical rides', 'gas cards')),
        ('Clothing Closet', 'free clothing and household goods',
         ('work clothes', 'winter coats', 'school uniforms')),
        ('Hygiene Supplies', 'hygiene and personal care supplies',
         ('hygiene kits', 'diapers', 'laundry vouchers')),
        ('Phone and Internet Access', 'free phones, internet and computer access',
         ('Lifeline phones', 'public computers', 'internet discounts')),
        ('ID Document Assistance', 'help getting birth certificates and IDs',
         ('birth certificates', 'state IDs', 'Social Security cards')),
    )),
)

assert all(len(children) == 5 for _t, _c, children in _TAXONOMY)  # leaf_i arithmetic

_SENTENCES = (
    'Services include {k0}, {k1} and {k2}.',
    'Staff work with each participant to build a plan that covers {k1}, {k2} and '
    'longer-term stability.',
    'Walk-ins are welcome during open hours, but appointments are recommended for {k0}.',
    'Bring a photo ID if you have one; no one is turned away for lack of documents.',
    'Interpretation is available in Spanish and other languages on request.',
    'Referrals are accepted from crisis counselors, case managers, hospitals, schools and '
    'faith communities.',
    'The program is confidential and trauma-informed, and peer specialists with lived '
    'experience are part of the team.',
    'Transportation help may be available for people who cannot reach the site on their own.',
    'Eligibility is based on household income, residence and current need, so please call '
    'ahead to confirm availability.',
    'Priority is given to {pop2} and to anyone in immediate danger.',
    'Follow-up calls are made within 48 hours to connect people with {k2} and other '
    'community resources.',
    'The team partners with the {county} County Department of Social Services and local '
    'shelters to avoid gaps in care.',
    'Volunteers and staff speak with callers in a calm, non-judgmental way and can arrange '
    'a warm hand-off to {k1}.',
    'Families can receive {k0} together, and children are welcome at the site.',
    'During severe weather the hours may be extended and additional capacity is opened.',
    'There is no cost for most services; donations are accepted but never required.',
    'Participants may also be screened for benefits such as Medicaid, SNAP and housing '
    'vouchers.',
    'The site is wheelchair accessible and is close to a bus stop.',
    'Case managers help people keep appointments and solve problems that get in the way of '
    '{k2}.',
    'Information shared with staff is kept private except where the law requires reporting.',
)
_ORG_SENTENCES = (
    '{name} is a nonprofit organization serving {county} County and nearby communities '
    'since {year}.',
    'Its programs focus on {k0}, {k1} and {k2} for {pop}.',
    'The organization relies on a mix of public funding, grants, faith partners and '
    'individual donors.',
    'Staff and volunteers work alongside neighbors to remove barriers to housing, health '
    'and economic security.',
    'It is a member of the local continuum of care and shares data with partner agencies '
    'with consent.',
    'A board drawn from the communities it serves sets priorities every year.',
    'Services are offered in English and Spanish, with interpreters available for other '
    'languages.',
    'Most programs are free of charge and do not require insurance.',
    'Referrals can be made by phone, by email or in person at the main office.',
    'The organization coordinates closely with crisis response teams, hospitals and the '
    'school system.',
)

_APPLICATION = (
    'Walk in during open hours.', 'Call to schedule an intake appointment.',
    'Referral required from a case manager or clinician.', 'Apply online or by phone.',
    'Call the main line for a brief phone screening.', 'Complete an intake form at the front desk.',
)
_FEES = ('Free.', 'Free.', 'Free.', 'Sliding scale based on household income.',
         'Medicaid, Medicare and most private insurance accepted.',
         'No one is turned away for inability to pay.')
_WAIT = ('None.', 'Same day.', '1-2 days.', '1-2 weeks.', 'Up to 30 days; waitlist may apply.')
_ACCREDITATIONS = ('CARF', 'Joint Commission', 'Council on Accreditation', 'NCQA')
_INTERP = ('Spanish-speaking staff on site.', 'Telephone interpreters for 200+ languages.',
           'Bilingual English/Spanish staff; ASL interpreters by request.')
_ALERTS = ('Temporarily relocated; call before visiting.',
           'Reduced hours this month due to staffing.',
           'Waitlist currently open; call for estimated wait.')
_PHONE_SECOND = (('fax', 'Fax for referrals'), ('text', 'Text line'),
                 ('voice', 'Intake line'), ('voice', 'After-hours line'),
                 ('cell', 'Outreach team cell'))
# (byday, opens, closes, description)
_SCHEDULES = (
    ('MO,TU,WE,TH,FR', '08:00:00', '17:00:00', 'Monday to Friday, 8:00 AM to 5:00 PM'),
    ('MO,TU,WE,TH,FR', '09:00:00', '17:00:00', 'Monday to Friday, 9:00 AM to 5:00 PM'),
    ('MO,TU,WE,TH,FR', '08:30:00', '16:30:00', 'Monday to Friday, 8:30 AM to 4:30 PM'),
    ('MO,TU,WE', '09:00:00', '15:00:00', 'Monday to Wednesday, 9:00 AM to 3:00 PM'),
    ('MO,WE,FR', '10:00:00', '14:00:00', 'Monday, Wednesday and Friday, 10:00 AM to 2:00 PM'),
    ('TU,TH', '13:00:00', '19:00:00', 'Tuesday and Thursday, 1:00 PM to 7:00 PM'),
    ('MO,TU,WE,TH', '07:00:00', '19:00:00', 'Monday to Thursday, 7:00 AM to 7:00 PM'),
)
_SCHEDULES_EXTRA = (
    ('SA', '09:00:00', '13:00:00', 'Saturday, 9:00 AM to 1:00 PM'),
    ('SA,SU', '10:00:00', '16:00:00', 'Saturday and Sunday, 10:00 AM to 4:00 PM'),
    ('TH', '17:00:00', '20:00:00', 'Thursday evening, 5:00 PM to 8:00 PM'),
    ('WE', '18:00:00', '21:00:00', 'Wednesday evening, 6:00 PM to 9:00 PM'),
)
_SCHEDULE_24_7 = ('MO,TU,WE,TH,FR,SA,SU', '00:00:00', '23:59:59', 'Open 24 hours, 7 days a week')
_LANG_SECOND = (('Spanish', 'es'), ('Spanish', 'es'), ('Spanish', 'es'), ('Spanish', 'es'),
                ('Vietnamese', 'vi'), ('Arabic', 'ar'), ('Chinese', 'zh'), ('French', 'fr'),
                ('Karen', 'kar'), ('Swahili', 'sw'))
_LANG_NOTES = ('Bilingual staff on site.', 'Interpreter available by phone.',
               'Written materials available.', '')
_COSTS = (('Sliding scale', 'per visit'), ('Standard fee', 'per session'),
          ('Co-pay', 'per visit'), ('Application fee', 'one time'),
          ('Monthly program fee', 'per month'))
_TRANSPORT = ('Bus stop within two blocks.', 'Free parking in the rear lot.',
              'On a GoTriangle route; ask for a bus pass at intake.',
              'Accessible by city bus; free parking on site.', '')
_LOCATION_SITES = ('Main Office', 'Eastside Site', 'Westside Site', 'Downtown Center',
                   'Community Clinic', 'Family Resource Center', 'Outreach Hub', 'North Campus')


def _slug(text: str) -> str:
    return ''.join(ch for ch in text.lower() if ch.isalnum())


def _fill(sentences, idx_order, fmt, lo, hi, target):
    """Join formatted sentences until ``target`` words, never exceeding ``hi`` words."""
    parts = []
    n = 0
    for i in idx_order:
        if n >= target:
            break
        sentence = sentences[i].format(**fmt)
        w = sentence.count(' ') + 1
        if n + w > hi:
            continue
        parts.append(sentence)
        n += w
    text = ' '.join(parts)
    if n < lo:  # practically unreachable: the pools hold far more than `lo` words
        text += ' Call for details.' * ((lo - n) // 3 + 1)
    return text


# --------------------------------------------------------------------------
# Writer
# --------------------------------------------------------------------------

def write_package(dest: pathlib.Path, services: int, seed: int = 1) -> dict[str, int]:
    """Write a synthetic HSDS 3.0 tabular package with ``services`` services into ``dest``.

    Returns data-row counts per CSV file name (header rows not counted; every
    official file is written, files without data hold just the header).
    """
    if services < 1:
        raise ValueError('services must be >= 1')
    dest = pathlib.Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    rand = rng.random
    randrange = rng.randrange
    choice = rng.choice
    getrandbits = rng.getrandbits
    gauss = rng.gauss

    def new_id() -> str:
        return str(uuid.UUID(int=getrandbits(128), version=4))

    def pick_city() -> int:
        return rng.choices(_CITY_INDEX, cum_weights=_CITY_CUM_WEIGHTS)[0]

    counts: dict[str, int] = {}
    files = {}
    writers = {}
    try:
        for path, cols in COLUMNS.items():
            fh = open(dest / path, 'w', encoding='utf-8', newline='', buffering=1 << 18)
            files[path] = fh
            w = csv.writer(fh)
            w.writerow(cols)
            writers[path] = w
            counts[path] = 0

        def emit(path: str, row: list) -> None:
            writers[path].writerow(row)
            counts[path] += 1

        # ---------------- taxonomy ----------------
        tax_id = new_id()
        tax_name = 'Navigator Service Taxonomy'
        tax_uri = 'https://navigator.example.org/taxonomy'
        emit('taxonomies.csv', [
            tax_id, tax_name,
            'Service categories used by the Navigator resource directory for crisis '
            'response referrals, loosely modelled on Open Eligibility.',
            tax_uri, '1.0'])
        leaves = []  # (term_id, top_index, name, phrase, keywords)
        for ti, (top_name, top_code, children) in enumerate(_TAXONOMY):
            top_id = new_id()
            emit('taxonomy_terms.csv', [
                top_id, top_code, top_name, f'{top_name} services and supports.', '',
                tax_name, 'en', tax_id, f'{tax_uri}/{top_code}'])
            for name, phrase, keywords in children:
                term_id = new_id()
                code = f'{top_code}.{_slug(name)}'
                emit('taxonomy_terms.csv', [
                    term_id, code, name, phrase[0].upper() + phrase[1:] + '.', top_id,
                    tax_name, 'en', tax_id, f'{tax_uri}/{code}'])
                leaves.append((term_id, ti, name, phrase, keywords))
        n_leaves = len(leaves)

        # ---------------- organizations ----------------
        n_orgs = max(1, round(services / 5))
        orgs = []  # (id, name, slug, city index, focus leaf index)
        org_w = writers['organizations.csv']
        for _ in range(n_orgs):
            oid = new_id()
            city_i = pick_city()
            city = _CITIES[city_i]
            brand = city[0] if rand() < 0.4 else choice(_BRANDS)
            focus = randrange(n_leaves)
            nouns = _ORG_NOUNS_GENERAL if rand() < 0.25 else _ORG_NOUNS[leaves[focus][1]]
            name = f'{brand} {choice(nouns)}{choice(_ORG_SUFFIXES)}'
            slug = _slug(name)[:40]
            kws = leaves[focus][4]
            year = 1950 + randrange(73)
            order = list(range(1, len(_ORG_SENTENCES)))
            rng.shuffle(order)
            desc = _fill(_ORG_SENTENCES, [0] + order,
                         {'name': name, 'county': city[1], 'year': year, 'k0': kws[0],
                          'k1': kws[1], 'k2': kws[2], 'pop': choice(_POP_PHRASES)},
                         40, 120, 40 + randrange(81))
            nonprofit = rand() < 0.85
            org_w.writerow([
                oid, name, '', desc,
                f'info@{slug}.org' if rand() < 0.8 else '',
                f'https://www.{slug}.org',
                '501(c)(3)' if nonprofit else 'Government',
                f'{randrange(10, 99)}-{randrange(1000000, 9999999)}' if nonprofit else '',
                year,
                'Nonprofit corporation' if nonprofit else 'Government agency',
                '', '', ''])
            orgs.append((oid, name, slug, city_i, focus))
        counts['organizations.csv'] += n_orgs

        # ---------------- services and everything hanging off them ----------------
        svc_w = writers['services.csv']
        loc_w = writers['locations.csv']
        adr_w = writers['addresses.csv']
        sal_w = writers['service_at_location.csv']
        ph_w = writers['phones.csv']
        sch_w = writers['schedules.csv']
        att_w = writers['attributes.csv']
        lang_w = writers['languages.csv']
        cost_w = writers['cost_options.csv']
        n_ph = n_sch = n_att = n_lang = n_cost = 0
        n_sentences = len(_SENTENCES)
        sentence_idx = list(range(1, n_sentences))
        shuffle = rng.shuffle
        for i in range(services):
            org = orgs[i] if i < n_orgs else orgs[randrange(n_orgs)]
            oid, org_name, org_slug, org_city, org_focus = org
            city_i = org_city if rand() < 0.75 else pick_city()
            cname, county, clat, clon, spread, _w, area, _z = _CITIES[city_i]
            r = rand()
            if r < 0.5:
                leaf_i = org_focus
            elif r < 0.85:  # another term in the organization's main category
                leaf_i = org_focus - org_focus % 5 + randrange(5)
            else:
                leaf_i = randrange(n_leaves)
            term_id, top_i, term_name, phrase, kws = leaves[leaf_i]

            # name: [brand] [population] term [suffix], 3-6 words
            parts = []
            if rand() < 0.55:
                parts.append(cname if rand() < 0.4 else choice(_BRANDS))
            if rand() < 0.3:
                parts.append(choice(_POPULATIONS))
            parts.append(term_name)
            if rand() < 0.6:
                parts.append(choice(_SERVICE_SUFFIXES))
            name = ' '.join(parts)
            nw = len(name.split())
            while nw > 6:
                parts.pop(0)
                name = ' '.join(parts)
                nw = len(name.split())
            if nw < 3 and parts[-1] not in _SERVICE_SUFFIXES:
                parts.append(choice(_SERVICE_SUFFIXES))
                nw += 1
            if nw < 3:
                parts.insert(0, cname if rand() < 0.5 else choice(_BRANDS))
            name = ' '.join(parts)

            pop = choice(_POP_PHRASES)
            shuffle(sentence_idx)
            intro = (f'{org_name} offers {phrase} for {pop} in {cname} and across '
                     f'{county} County.')
            desc = intro + ' ' + _fill(
                _SENTENCES, sentence_idx,
                {'k0': kws[0], 'k1': kws[1], 'k2': kws[2], 'pop2': choice(_POP_PHRASES),
                 'county': county},
                40 - len(intro.split()), 120 - len(intro.split()),
                40 + randrange(81) - len(intro.split()))

            sid = new_id()
            r = rand()
            status = ('active' if r < 0.92 else 'inactive' if r < 0.96
                      else 'temporarily closed' if r < 0.99 else 'defunct')
            min_age = max_age = ''
            r = rand()
            if r < 0.3:
                min_age = 18
            elif r < 0.4:
                min_age, max_age = 12, 24
            elif r < 0.45:
                min_age = 60
            month = 1 + randrange(12)
            day = 1 + randrange(28)
            year = 2023 + randrange(3)
            svc_w.writerow([
                sid, oid, '', name, '', desc,
                f'https://www.{org_slug}.org/services/{_slug(term_name)}' if rand() < 0.6 else '',
                f'intake@{org_slug}.org' if rand() < 0.5 else '',
                status,
                choice(_INTERP) if rand() < 0.5 else '',
                choice(_APPLICATION),
                choice(_FEES),
                choice(_WAIT) if rand() < 0.6 else '',
                '',
                choice(_ACCREDITATIONS) if rand() < 0.1 else '',
                (f'{pop[0].upper()}{pop[1:]} living in {county} County or nearby counties.'
                 if rand() < 0.7 else ''),
                min_age, max_age,
                f'{year}-{month:02d}-{day:02d}' if rand() < 0.6 else '',
                'resources@navigator.example.org' if rand() < 0.6 else '',
                '',
                choice(_ALERTS) if rand() < 0.03 else '',
                f'{year}-{month:02d}-{day:02d}T{randrange(8, 18):02d}:{randrange(60):02d}:'
                f'{randrange(60):02d}Z',
            ])

            # location + address + service_at_location
            lid = new_id()
            lat = clat + gauss(0.0, spread)
            lon = clon + gauss(0.0, spread * 1.2)
            street = choice(_STREETS)
            loc_w.writerow([
                lid, 'physical', '', oid, f'{org_name} - {choice(_LOCATION_SITES)}', '',
                'Entrance faces the street; ring the bell after hours.' if rand() < 0.2 else '',
                choice(_TRANSPORT),
                f'{lat:.6f}', f'{lon:.6f}', '', ''])
            adr_w.writerow([
                new_id(), lid, '', f'{randrange(100, 5000)} {street}',
                choice(_SUITES) if rand() < 0.2 else '',
                cname, f'{county} County', 'NC', choice(_CITY_ZIPS[city_i]), 'US', 'physical'])
            sal_w.writerow([new_id(), sid, lid, ''])

            # phones
            pid = new_id()
            ph_w.writerow([pid, '', sid, '', '', '',
                           f'({area}) {randrange(200, 990)}-{randrange(10000):04d}',
                           randrange(100, 400) if rand() < 0.05 else '', 'voice', 'Main line'])
            n_ph += 1
            if rand() < 0.5:
                ptype, pdesc = choice(_PHONE_SECOND)
                ph_w.writerow([new_id(), '', sid, '', '', '',
                               f'({area}) {randrange(200, 990)}-{randrange(10000):04d}',
                               '', ptype, pdesc])
                n_ph += 1

            # schedules
            if top_i == 0 and rand() < 0.4:
                scheds = (_SCHEDULE_24_7,)
            elif rand() < 0.5:
                scheds = (choice(_SCHEDULES), choice(_SCHEDULES_EXTRA))
            else:
                scheds = (choice(_SCHEDULES),)
            for byday, opens, closes, sdesc in scheds:
                sch_w.writerow([new_id(), sid, '', '', '', '', '', '', '', '', 'MO', 'WEEKLY',
                                1, byday, '', '', '', sdesc, opens, closes, '',
                                'in-person' if rand() < 0.8 else 'in-person or by phone', ''])
                n_sch += 1

            # attributes: primary term plus up to two distinct others
            att_w.writerow([new_id(), sid, term_id, '', 'service', ''])
            n_att += 1
            extra = randrange(3)
            if extra:
                seen = {leaf_i}
                for _ in range(extra):
                    j = randrange(n_leaves)
                    if j in seen:
                        continue
                    seen.add(j)
                    att_w.writerow([new_id(), sid, leaves[j][0], '', 'service', ''])
                    n_att += 1

            # languages
            lang_w.writerow([new_id(), sid, '', '', 'English', 'en', ''])
            n_lang += 1
            if rand() < 0.55:
                lname, lcode = choice(_LANG_SECOND)
                lang_w.writerow([new_id(), sid, '', '', lname, lcode, choice(_LANG_NOTES)])
                n_lang += 1

            # cost options for some
            if rand() < 0.3:
                opt, per = choice(_COSTS)
                amount = randrange(5, 120) if rand() < 0.7 else randrange(500, 12000) / 100
                cost_w.writerow([new_id(), sid, '2025-01-01',
                                 '2025-12-31' if rand() < 0.5 else '', opt, 'USD',
                                 amount, per])
                n_cost += 1

        counts['services.csv'] += services
        counts['locations.csv'] += services
        counts['addresses.csv'] += services
        counts['service_at_location.csv'] += services
        counts['phones.csv'] += n_ph
        counts['schedules.csv'] += n_sch
        counts['attributes.csv'] += n_att
        counts['languages.csv'] += n_lang
        counts['cost_options.csv'] += n_cost
    finally:
        for fh in files.values():
            fh.close()

    with open(dest / 'datapackage.json', 'w', encoding='utf-8') as fh:
        json.dump(descriptor(services, seed), fh, indent=2, ensure_ascii=False)
        fh.write('\n')
    return counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description='Write a synthetic HSDS 3.0 tabular datapackage.')
    ap.add_argument('dest', type=pathlib.Path, help='output directory (created if missing)')
    ap.add_argument('--services', type=int, required=True, help='number of services')
    ap.add_argument('--seed', type=int, default=1, help='random seed (default 1)')
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    counts = write_package(args.dest, args.services, args.seed)
    elapsed = time.perf_counter() - t0
    width = max(len(k) for k in counts)
    for path, n in counts.items():
        print(f'{path:<{width}}  {n:>9,}')
    print(f'{"total rows":<{width}}  {sum(counts.values()):>9,}')
    print(f'wrote {args.dest} in {elapsed:.2f} s', file=sys.stderr)
    return 0


if __name__ == '__main__':
    sys.exit(main())
