"""Graded relevance cases for the search yardstick (``bench/relevance_bench.py``).

Two directories: Durham's sample (``directory_data/``), and Riverbend, a fictional city
whose directory is written unlike Durham's on purpose (``tests/search/other_city/``: its
own taxonomy, 211 wording). Each case is what a person types, in their own words —
short or long, first person, slang, English, Spanish or misspelled — with an optional
``near`` (a ZIP code of that directory) and ``relevant``: service name -> grade.

- 3: exactly what the person needs;
- 2: a good answer;
- 1: related (a closed alternative, a line in the other language, a next step).

Groups: ``english``, ``spanish``, ``misspelled``, ``crisis`` (first person, often
indirect), and ``nothing_fits``: a need the directory does not cover, with no relevant
service. A ``nothing_fits`` case scores 1.0 when the search returns nothing (for now
``results.total == 0``; later also when the search says honestly that nothing fits),
else 0.

The grades come from each directory's own data (names, descriptions, eligibility,
ages, status), never from what the engine returns. Inactive and defunct services are
never graded (they are never shown); temporarily closed ones at most 1. Names are
exactly as in each directory's ``services.csv`` (``tests/search/test_yardstick.py``
checks).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DIRECTORIES = {
    "durham": ROOT / "directory_data",
    "riverbend": ROOT / "tests" / "search" / "other_city",
}
GROUPS = ("english", "spanish", "misspelled", "crisis", "nothing_fits")


@dataclass(frozen=True)
class Case:
    text: str
    group: str
    relevant: dict[str, int] = field(default_factory=dict)
    near: str | None = None

    def __post_init__(self):
        assert self.group in GROUPS, self.group
        assert (self.group == "nothing_fits") == (not self.relevant), self.text
        assert all(grade in (1, 2, 3) for grade in self.relevant.values()), self.text


C = Case

# -- Durham (directory_data/) ------------------------------------------------------------------

LIFELINE = "988 Suicide & Crisis Lifeline"
LIFELINE_ES = "988 Lifeline en español"
DCRC_LINE = "DCRC 24-hour crisis line (English)"
DCRC_LINE_ES = "Línea de crisis de DCRC en español (24 horas)"
DV_SHELTER = "DCRC emergency shelter for survivors of domestic violence"
SA_SUPPORT = "Sexual assault support and hospital accompaniment"
COURT_ADVOCACY = "Court and legal advocacy for survivors"
SURVIVOR_COUNSELING = "Counseling and support groups for survivors"
ACCESS_LINE = "Alliance Health 24/7 Access line"
MOBILE_CRISIS = "Mobile crisis team"
IDD_SERVICES = "IDD services and NC Innovations Waiver"
IDD_RESPITE = "Respite for families of people with IDD"
OTP_HELP = "Help finding an opioid treatment program (methadone)"
TREATMENT_HELP = "Help finding substance use treatment"
HEART = "HEART community response teams"
CALL_DIVERSION = "Crisis call diversion (clinicians in the 911 center)"
WALK_IN = "24/7 walk-in crisis center for adults"
FBC = "Facility-based crisis stay for adults"
DRRC_DETOX = "Withdrawal management (detox) — ask at the crisis center"
FREEDOM_DETOX = "Facility-based crisis and detox unit (Chapel Hill)"
BHUC = "Behavioral Health Urgent Care (walk-in)"
COUNSELING = "Counseling appointments"
PSYCH_EVAL = "Psychiatric evaluation and medication management"
BH_ED = "Behavioral health emergency department (Duke Regional)"
DUKE_PSYCHIATRY = "Outpatient psychiatry clinic (Duke Behavioral Health Center North Durham)"
INPATIENT_PSYCH = "Inpatient psychiatric care (Duke Behavioral Health Center North Durham)"
DRH_ED = "Duke Regional Hospital emergency department"
DUH_ED = "Duke University Hospital emergency department"
TROSA = "TROSA long-term residential recovery program"
SYRINGE = "Safe Syringe Program"
NALOXONE = "Free naloxone kits and drug-checking test strips"
LINKAGES = "Community Linkages to Care peer support"
STI_CLINIC = "Sexually transmitted infection (STI) clinic"
PH_DENTAL = "Public Health dental clinic"
FAMILY_PLANNING = "Family planning clinic"
ENTRY_POINT = "Entry Point Durham (coordinated entry for shelter and housing)"
SNAP = "Food and Nutrition Services (SNAP / food stamps)"
MEDICAID = "Apply for or renew NC Medicaid"
CIP = "Crisis Intervention Program (heating or cooling emergency)"
LIEAP = "Low Income Energy Assistance (LIEAP)"
UMD_SHELTER = "UMD Community Shelter for single adults"
UMD_FAMILY = "UMD family shelter rooms (backup family shelter)"
UMD_CAFE = "UMD Community Café (free meals)"
UMD_PANTRY = "UMD food pantry"
DRM_MEN = "Durham Rescue Mission emergency shelter for men"
DRM_WOMEN = "Durham Rescue Mission shelter for women and children"
VICTORY = "Victory Program (12-month faith-based recovery program)"
WARM_SHELTER = "Operation RESCUE: Warm Shelter (white-flag nights)"  # temporarily closed
FMF_SHELTER = "Emergency shelter for families with children"
STREET_OUTREACH = "Street outreach"
RAPID_REHOUSING = "Rapid rehousing"
LEGAL_AID = "Legal Aid of NC Helpline"
EVICTION_DIVERSION = "Durham Eviction Diversion Program (courthouse clinic)"
HOUSING_HELPLINE = "Legal Aid Housing Helpline (tenants)"
DV_LEGAL = "Legal help for domestic violence survivors"
EXPUNCTION = "Free criminal record expunction help"
REENTRY = "Reentry services"
REENTRY_COUNCIL = "Durham Local Reentry Council"
PRIMARY_CARE = "Primary care for adults and children"
LINCOLN_DENTAL = "Dental care"
MOUD = "Medication treatment for opioid use disorder"
LINCOLN_PHARMACY = "Lincoln pharmacy (low-cost prescriptions)"
HIV_CARE = "HIV and hepatitis C care"
WIC = "WIC nutrition program"
HOLTON = "Holton Wellness Center clinic"
LYON_PARK = "Lyon Park Clinic"
WALLTOWN = "Walltown Neighborhood Clinic"
PROJECT_ACCESS = "Donated specialty care for uninsured patients"
SENIOR_MEDS = "Medication help for older adults"
SSA_BENEFITS = "Apply for SSI, disability or retirement benefits"
SS_CARD = "Replace a Social Security card"
HOME_MEALS = "Home-delivered meals"
FOOD_PANTRY = "Durham Community Food Pantry"
CC_IMMIGRATION = "Immigration legal services (Catholic Charities)"
ECH_LEGAL = "Legal information clinics (El Centro Hispano)"
ECH_ESL = "English classes (ESL) at El Centro Hispano"
ECH_SUPPORT = "Servicios de apoyo / Support services (El Centro Hispano)"
EF_ADULTS = "Bilingual counseling for adults (El Futuro)"
EF_KIDS = "Therapy for children and families (El Futuro)"
EF_PSYCH = "Bilingual psychiatric care (El Futuro)"
EF_SUD = "Bilingual substance use treatment (El Futuro)"
CWS_RESETTLEMENT = "Refugee resettlement and case management (CWS Durham)"
CWS_IMMIGRATION = "Immigration legal services (CWS Durham)"
WR_IMMIGRATION = "Immigration legal services (World Relief Durham)"
TREVOR = "The Trevor Project crisis line (TrevorLifeline)"
VETERANS_CRISIS = "Veterans Crisis Line"
VA_HEALTH = "Durham VA Medical Center health care"
VA_MENTAL_HEALTH = "Mental health care for veterans (Durham VA)"
VA_CLAIMS = "Help filing VA benefit claims"
DV_HOTLINE = "National Domestic Violence Hotline"
SAMHSA = "SAMHSA National Helpline"
FIND_TREATMENT = "FindTreatment.gov (opioid treatment programs and buprenorphine providers)"
PEER_WARMLINE = "NC Peer Warmline"
SA_HOTLINE = "National Sexual Assault Hotline"
NEVER_USE_ALONE = "Never Use Alone overdose prevention line"
NC_START = "NC START Central crisis support for people with IDD"
RECOVERY_COMMUNITY = "Peer recovery support (Recovery Community of Durham)"
CHILD_TRAUMA = "Trauma-focused therapy for children and families"

DURHAM = [
    # -- english -----------------------------------------------------------------------------
    C("nowhere to sleep tonight, im a guy", "english", near="27701", relevant={
        DRM_MEN: 3, UMD_SHELTER: 3, ENTRY_POINT: 3, STREET_OUTREACH: 1, WARM_SHELTER: 1}),
    C("me and my 3 kids are living in my car", "english", near="27703", relevant={
        FMF_SHELTER: 3, ENTRY_POINT: 3, UMD_FAMILY: 3, DRM_WOMEN: 2, RAPID_REHOUSING: 1}),
    C("need groceries", "english", near="27701", relevant={
        UMD_PANTRY: 3, FOOD_PANTRY: 3, SNAP: 2, UMD_CAFE: 1, WIC: 1}),
    C("where can I get a hot meal today", "english", near="27701", relevant={
        UMD_CAFE: 3, HOME_MEALS: 1}),
    C("my landlord put an eviction notice on my door what do i do", "english",
      near="27707", relevant={EVICTION_DIVERSION: 3, HOUSING_HELPLINE: 3, LEGAL_AID: 2,
                              ENTRY_POINT: 1}),
    C("the power company is about to shut off my heat", "english", near="27704",
      relevant={CIP: 3, LIEAP: 2}),
    C("i want to stop using meth", "english", near="27701", relevant={
        TREATMENT_HELP: 3, TROSA: 2, EF_SUD: 2, COUNSELING: 2, LINKAGES: 2,
        RECOVERY_COMMUNITY: 2, SAMHSA: 2, VICTORY: 1, BHUC: 1}),
    C("methadone clinic near me", "english", near="27703", relevant={
        OTP_HELP: 3, FIND_TREATMENT: 3, MOUD: 1}),
    C("where do i get naloxone", "english", relevant={
        NALOXONE: 3, SYRINGE: 3, LINKAGES: 1}),
    C("doctor that sees people without insurance", "english", near="27707", relevant={
        PRIMARY_CARE: 3, HOLTON: 2, LYON_PARK: 2, WALLTOWN: 2, PROJECT_ACCESS: 2,
        MEDICAID: 1}),
    C("my tooth hurts so bad and i have no insurance", "english", near="27701", relevant={
        LINCOLN_DENTAL: 3, PH_DENTAL: 3}),
    C("cheap prescriptions", "english", near="27701", relevant={
        LINCOLN_PHARMACY: 3, SENIOR_MEDS: 2}),
    C("birth control", "english", near="27705", relevant={FAMILY_PLANNING: 3}),
    C("where can i get an hiv test", "english", near="27701", relevant={
        STI_CLINIC: 3, SYRINGE: 2, HIV_CARE: 2}),
    C("my son has autism and i need a break, someone to watch him for a few hours",
      "english", near="27713", relevant={IDD_RESPITE: 3, IDD_SERVICES: 2, NC_START: 1}),
    C("fresh out of jail and need a job and a place to stay", "english", near="27701",
      relevant={REENTRY: 3, REENTRY_COUNCIL: 3, ENTRY_POINT: 1, EXPUNCTION: 1}),
    C("veteran with ptsd", "english", near="27705", relevant={
        VA_MENTAL_HEALTH: 3, VETERANS_CRISIS: 2, VA_HEALTH: 1}),
    C("apply for disability", "english", relevant={SSA_BENEFITS: 3, VA_CLAIMS: 1}),
    # -- spanish -----------------------------------------------------------------------------
    C("dónde puedo dormir esta noche", "spanish", near="27701", relevant={
        UMD_SHELTER: 3, DRM_MEN: 3, DRM_WOMEN: 3, ENTRY_POINT: 3, FMF_SHELTER: 2,
        UMD_FAMILY: 2, WARM_SHELTER: 1}),
    C("necesito comida para mis hijos", "spanish", near="27703", relevant={
        UMD_PANTRY: 3, FOOD_PANTRY: 3, SNAP: 2, WIC: 2, UMD_CAFE: 1}),
    C("no puedo pagar la luz", "spanish", near="27704", relevant={CIP: 3, LIEAP: 2}),
    C("mi casero me quiere sacar de la casa", "spanish", near="27707", relevant={
        EVICTION_DIVERSION: 3, HOUSING_HELPLINE: 3, LEGAL_AID: 2, ECH_LEGAL: 1}),
    C("doctor para mi hijo, no tenemos seguro", "spanish", near="27701", relevant={
        PRIMARY_CARE: 3, HOLTON: 2, LYON_PARK: 2, WALLTOWN: 2, MEDICAID: 1}),
    C("psicólogo que hable español", "spanish", near="27705", relevant={
        EF_ADULTS: 3, EF_KIDS: 2, EF_PSYCH: 2}),
    C("ayuda con mi caso de inmigración", "spanish", near="27701", relevant={
        CC_IMMIGRATION: 3, CWS_IMMIGRATION: 3, WR_IMMIGRATION: 3, ECH_LEGAL: 2}),
    C("quiero dejar las drogas", "spanish", near="27703", relevant={
        EF_SUD: 3, TREATMENT_HELP: 2, TROSA: 2, SAMHSA: 2, COUNSELING: 1, LINKAGES: 1,
        RECOVERY_COMMUNITY: 1}),
    C("necesito un dentista", "spanish", near="27707", relevant={
        PH_DENTAL: 3, LINCOLN_DENTAL: 3}),
    C("quiero aprender inglés", "spanish", near="27701", relevant={
        ECH_ESL: 3, CWS_RESETTLEMENT: 1}),
    # -- misspelled --------------------------------------------------------------------------
    C("homless sheltr", "misspelled", near="27701", relevant={
        UMD_SHELTER: 3, DRM_MEN: 3, DRM_WOMEN: 3, ENTRY_POINT: 3, FMF_SHELTER: 2,
        UMD_FAMILY: 2, WARM_SHELTER: 1}),
    C("fod pantry", "misspelled", near="27703", relevant={UMD_PANTRY: 3, FOOD_PANTRY: 3}),
    C("suboxon", "misspelled", near="27701", relevant={
        MOUD: 3, FIND_TREATMENT: 3, OTP_HELP: 1}),
    C("methodone", "misspelled", relevant={OTP_HELP: 3, FIND_TREATMENT: 3}),
    C("detoxx", "misspelled", near="27704", relevant={
        DRRC_DETOX: 3, FREEDOM_DETOX: 3, FBC: 1}),
    C("pyschiatrist", "misspelled", near="27705", relevant={
        DUKE_PSYCHIATRY: 3, PSYCH_EVAL: 3, EF_PSYCH: 2, BHUC: 1, INPATIENT_PSYCH: 1}),
    C("evication help", "misspelled", near="27707", relevant={
        EVICTION_DIVERSION: 3, HOUSING_HELPLINE: 3, LEGAL_AID: 2}),
    C("medicad aplication", "misspelled", relevant={MEDICAID: 3}),
    C("narcam", "misspelled", near="27701", relevant={NALOXONE: 3, SYRINGE: 2}),
    C("sucide hotline", "misspelled", relevant={
        LIFELINE: 3, LIFELINE_ES: 1, VETERANS_CRISIS: 1, TREVOR: 1}),
    # -- crisis ------------------------------------------------------------------------------
    C("i dont want to be here anymore", "crisis", near="27701", relevant={
        LIFELINE: 3, ACCESS_LINE: 2, MOBILE_CRISIS: 2, WALK_IN: 2, BHUC: 2, HEART: 1,
        PEER_WARMLINE: 1, LIFELINE_ES: 1, BH_ED: 1}),
    C("ya no quiero vivir", "crisis", near="27703", relevant={
        LIFELINE_ES: 3, LIFELINE: 2, EF_ADULTS: 1, ACCESS_LINE: 1, MOBILE_CRISIS: 1,
        WALK_IN: 1}),
    C("my husband is hitting me", "crisis", near="27707", relevant={
        DCRC_LINE: 3, DV_HOTLINE: 3, DV_SHELTER: 3, COURT_ADVOCACY: 2, DV_LEGAL: 2,
        SURVIVOR_COUNSELING: 1, DCRC_LINE_ES: 1}),
    C("took too many pills", "crisis", near="27704", relevant={
        DRH_ED: 3, DUH_ED: 3, BH_ED: 2, LIFELINE: 2, WALK_IN: 1, ACCESS_LINE: 1}),
    C("my brother overdosed and hes not breathing right", "crisis", near="27701",
      relevant={DRH_ED: 3, DUH_ED: 3, NALOXONE: 2, SYRINGE: 1, NEVER_USE_ALONE: 1}),
    C("someone raped me last night", "crisis", near="27701", relevant={
        SA_SUPPORT: 3, DCRC_LINE: 3, SA_HOTLINE: 3, SURVIVOR_COUNSELING: 2,
        COURT_ADVOCACY: 1, DCRC_LINE_ES: 1, STI_CLINIC: 1}),
    C("mi esposo me pega y tengo miedo", "crisis", near="27703", relevant={
        DCRC_LINE_ES: 3, DV_SHELTER: 2, DCRC_LINE: 2, DV_HOTLINE: 1, COURT_ADVOCACY: 1,
        DV_LEGAL: 1}),
    C("my daughter is 15 and she's cutting herself", "crisis", near="27713", relevant={
        BHUC: 3, CHILD_TRAUMA: 2, EF_KIDS: 2, MOBILE_CRISIS: 2, ACCESS_LINE: 2,
        LIFELINE: 2, TREVOR: 1}),
    C("my mom is talking to people who arent there and wont let anyone in the house",
      "crisis", near="27705", relevant={
          HEART: 3, MOBILE_CRISIS: 3, ACCESS_LINE: 2, CALL_DIVERSION: 2, BHUC: 2,
          WALK_IN: 1, BH_ED: 1}),
    C("estoy pensando en suicidarme", "crisis", relevant={LIFELINE_ES: 3, LIFELINE: 2}),
    # -- nothing fits --------------------------------------------------------------------------
    C("my dog needs his shots", "nothing_fits", near="27701"),
    C("my roof is leaking and I need someone to fix it", "nothing_fits", near="27704"),
    C("cheap mechanic for my car", "nothing_fits", near="27703"),
    C("passport renewal", "nothing_fits", near="27701"),
    C("christmas presents for my kids", "nothing_fits", near="27707"),
    C("necesito un veterinario para mi perro", "nothing_fits", near="27701"),
    C("tattoo removal", "nothing_fits"),
]

# -- Riverbend (tests/search/other_city/, fictional) --------------------------------------------

MEN_SHELTER = "Emergency Overnight Shelter - Men"
HOPE_COTTAGE = "Hope Cottage Shelter for Women and Children"
COLD_WEATHER = "White Flag Cold Weather Shelter"  # temporarily closed
NOON_MEAL = "Community Noon Meal"
NEW_LIFE = "New Life Residential Recovery Program"  # men 18+
FAMILY_HOUSING = "Family Emergency Housing Program"
ASSESSMENT = "Coordinated Assessment for Homeless Services"
OUTREACH = "Street Outreach Team"
REHOUSING = "Rapid Re-Housing Program"
YOUTH_SHELTER = "Youth Haven Emergency Shelter"  # ages 11-17
YOUNG_ADULT_HOUSING = "Transitional Living Program for Young Adults"  # 18-24
DV_CRISIS_LINE = "24-Hour Domestic Violence and Sexual Assault Crisis Line"
SAFE_HOUSE = "Confidential Safe House"
SA_ACCOMPANIMENT = "Sexual Assault Hospital Accompaniment"
PROTECTIVE_ORDERS = "Protective Order Court Advocacy"
DV_LINE_ES = "Línea de Apoyo en Español para Víctimas de Violencia"
PANTRY = "Emergency Food Pantry"
MOBILE_PANTRY = "Mobile Food Distribution"
BACKPACK = "Weekend Backpack Program"
DESPENSA = "Despensa de Alimentos Nueva Esperanza"
FNS = "Food and Nutrition Services Applications"
MEDICAID_APPLICATIONS = "Medicaid Applications and Renewals"
ENERGY_CRISIS = "Crisis Intervention Program (Energy)"
HEATING = "Winter Home Heating Assistance"
RENT_HELP = "Emergency Rent and Mortgage Assistance"
UTILITY_FUND = "Neighbor-to-Neighbor Utility Assistance Fund"
MEDICAID_RIDES = "Medicaid Transportation to Medical Appointments"
EVICTION_DEFENSE = "Eviction Defense and Tenant Representation"
CIVIL_LEGAL = "Civil Legal Assistance"
EXPUNCTION_CLINIC = "Criminal Record Expunction Clinic"
LICENSE_RESTORATION = "Driver's License Restoration Project"
INMIGRACION = "Servicios Legales de Inmigración"
INGLES = "Clases de Inglés para Adultos"
ORIENTACION = "Orientación y Apoyo a Familias Latinas"
IMMIGRATION_LEGAL = "Immigration Legal Consultations"
CITIZENSHIP = "Citizenship Preparation Classes"
ACCESS_CRISIS_LINE = "Behavioral Health Access and Crisis Line"
MOBILE_CRISIS_TEAM = "Mobile Crisis Management"
IDD_COORDINATION = "Developmental Disability Care Coordination"
WALK_IN_CENTER = "Behavioral Health Urgent Care and Walk-In Crisis Center"  # 18+
CRISIS_UNIT = "Facility-Based Crisis Unit"  # 18+
PSYCHIATRY = "Outpatient Psychiatry and Medication Management"
THERAPY = "Individual and Family Therapy"
EMERGENCY_DEPARTMENT = "Emergency Department"
INPATIENT = "Inpatient Behavioral Health Unit"  # 18+
SLIDING_COUNSELING = "Sliding-Scale Counseling"  # 13+
CONSEJERIA = "Consejería en Español"
METHADONE = "Opioid Treatment Program (Methadone Maintenance)"
BUPRENORPHINE = "Office-Based Buprenorphine Treatment"
IOP = "Substance Use Intensive Outpatient Program"
DETOX = "Medically Monitored Detoxification"
RESIDENTIAL = "Residential Substance Use Treatment"
SYRINGE_SERVICES = "Syringe Services Program"
NALOXONE_KITS = "Naloxone Distribution and Overdose Response Training"
RECOVERY_RESIDENCES = "Recovery Residences"
PEER_COACHING = "Peer Recovery Coaching"
RECOVERY_MEETINGS = "All-Pathways Recovery Meetings"
STD_CLINIC = "STD and HIV Testing Clinic"
PRENATAL = "Prenatal Care Clinic"
RB_WIC = "WIC Nutrition Program"
HEALTH_DEPT_DENTAL = "Public Health Dental Clinic"  # children; adults with Medicaid
FREE_CLINIC = "Free Medical Clinic for Uninsured Adults"  # 19-64
EXTRACTIONS = "Free Dental Extraction Clinic"  # adults
RX_ASSISTANCE = "Prescription Assistance Program"
PRIMARY = "Primary Medical Care"
CHC_PHARMACY = "Community Health Center Pharmacy"
FAMILY_DENTISTRY = "Adult and Family Dentistry"
EYEGLASSES = "Eye Exam and Eyeglasses Assistance"
HIV_SERVICES = "HIV Case Management and PrEP Navigation"
INSURANCE_NAVIGATORS = "Health Insurance Enrollment Assistance"
CHARITY_CARE = "Hospital Financial Assistance Program"
POISON_LINE = "Poison and Overdose Information Line"
SUICIDE_LINE = "Suicide Prevention and Crisis Line"
CRISIS_LINE_ES = "Línea de Crisis en Español"
WARMLINE = "Peer Support Warmline"  # 18+
DIAPERS = "Diaper and Formula Pantry"
SENIOR_MEALS = "Senior Nutrition Program"  # 60+
IN_HOME_AIDES = "In-Home Aide Services"  # 60+
SENIOR_RIDES = "Senior Ride Program"  # 60+
ADULT_DAY = "Adult Day Health Program"
EARLY_INTERVENTION = "Infant-Toddler Early Intervention"
CAREGIVER_RESPITE = "Family Caregiver Respite"
DISABILITY_ADVOCACY = "Disability Advocacy and Special Education Support"
CHILD_CARE_REFERRAL = "Child Care Referral and Parent Support"
BUS = "Fixed-Route Bus Service"
PARATRANSIT = "Dial-A-Ride ADA Paratransit"
JOB_SEARCH = "Job Search Assistance"
YOUTH_JOBS = "Youth Employment Program"
GED = "Adult Education and GED Preparation"
ENGLISH_CLASSES = "English Conversation Classes"
RB_REENTRY = "Reentry Support Services"
ID_HELP = "ID and Birth Certificate Assistance"
VITAL_RECORDS = "Certified Birth and Death Certificates"
RB_VA_CLAIMS = "VA Benefits Claims Assistance"
VETERAN_FAMILIES = "Homeless Prevention for Veteran Families"
LGBTQ_GROUP = "LGBTQ+ Youth Support Group"  # 13-20

RIVERBEND = [
    # -- english -----------------------------------------------------------------------------
    C("place to sleep tonight", "english", near="27203", relevant={
        MEN_SHELTER: 3, HOPE_COTTAGE: 3, ASSESSMENT: 3, FAMILY_HOUSING: 2,
        YOUTH_SHELTER: 1, YOUNG_ADULT_HOUSING: 1, COLD_WEATHER: 1}),
    C("single mom with two kids, we got evicted today. where can we stay", "english",
      near="27205", relevant={
          FAMILY_HOUSING: 3, HOPE_COTTAGE: 3, ASSESSMENT: 3, REHOUSING: 2, RENT_HELP: 1,
          EVICTION_DEFENSE: 1}),
    C("need food for my family this week", "english", near="27203", relevant={
        PANTRY: 3, MOBILE_PANTRY: 2, DESPENSA: 2, FNS: 2, NOON_MEAL: 1, BACKPACK: 1,
        RB_WIC: 1}),
    C("free lunch", "english", near="27203", relevant={
        NOON_MEAL: 3, SENIOR_MEALS: 1, BACKPACK: 1}),
    C("cant pay my light bill and they're going to cut it off", "english", near="27203",
      relevant={ENERGY_CRISIS: 3, UTILITY_FUND: 3, HEATING: 2, RENT_HELP: 1}),
    C("behind on rent and I have a court date", "english", near="27205", relevant={
        EVICTION_DEFENSE: 3, RENT_HELP: 3, CIVIL_LEGAL: 2, VETERAN_FAMILIES: 1}),
    C("i want to get off heroin", "english", near="27203", relevant={
        METHADONE: 3, BUPRENORPHINE: 3, DETOX: 2, RESIDENTIAL: 2, IOP: 2,
        PEER_COACHING: 1, ACCESS_CRISIS_LINE: 1, NEW_LIFE: 1, NALOXONE_KITS: 1}),
    C("rehab for alcohol", "english", near="27317", relevant={
        RESIDENTIAL: 3, DETOX: 2, IOP: 2, NEW_LIFE: 2, BUPRENORPHINE: 2, PEER_COACHING: 1,
        RECOVERY_MEETINGS: 1, RECOVERY_RESIDENCES: 1}),
    C("sober living house", "english", near="27203", relevant={
        RECOVERY_RESIDENCES: 3, NEW_LIFE: 1}),
    C("narcan", "english", near="27203", relevant={
        NALOXONE_KITS: 3, SYRINGE_SERVICES: 2, PEER_COACHING: 1}),
    C("free clinic no insurance", "english", near="27205", relevant={
        FREE_CLINIC: 3, PRIMARY: 2, CHARITY_CARE: 1, INSURANCE_NAVIGATORS: 1,
        MEDICAID_APPLICATIONS: 1}),
    C("my tooth is killing me and i dont have insurance", "english", near="27203",
      relevant={EXTRACTIONS: 3, FAMILY_DENTISTRY: 3, HEALTH_DEPT_DENTAL: 1,
                FREE_CLINIC: 1}),
    C("i need glasses but cant afford them", "english", near="27203", relevant={
        EYEGLASSES: 3}),
    C("help paying for my insulin", "english", near="27205", relevant={
        RX_ASSISTANCE: 3, CHC_PHARMACY: 3, FREE_CLINIC: 1, PRIMARY: 1}),
    C("get tested for std", "english", near="27203", relevant={
        STD_CLINIC: 3, HIV_SERVICES: 2, PRIMARY: 1}),
    C("my 2 year old isnt talking yet", "english", near="27205", relevant={
        EARLY_INTERVENTION: 3, CHILD_CARE_REFERRAL: 2, PRIMARY: 1}),
    C("just got out of prison and need help getting on my feet", "english", near="27203",
      relevant={RB_REENTRY: 3, ID_HELP: 2, JOB_SEARCH: 1, EXPUNCTION_CLINIC: 1,
                LICENSE_RESTORATION: 1}),
    C("lost my birth certificate", "english", near="27203", relevant={
        VITAL_RECORDS: 3, ID_HELP: 3}),
    C("im a veteran and need help with my va disability claim", "english", relevant={
        RB_VA_CLAIMS: 3, VETERAN_FAMILIES: 1}),
    C("my mom has dementia and needs somewhere to go during the day while i work",
      "english", near="27203", relevant={ADULT_DAY: 3, IN_HOME_AIDES: 2,
                                         CAREGIVER_RESPITE: 1, SENIOR_MEALS: 1}),
    C("ride to my doctor appointment", "english", near="27205", relevant={
        MEDICAID_RIDES: 3, SENIOR_RIDES: 2, PARATRANSIT: 2, BUS: 1}),
    # -- spanish -----------------------------------------------------------------------------
    C("dónde puedo dormir esta noche", "spanish", near="27203", relevant={
        MEN_SHELTER: 3, HOPE_COTTAGE: 3, ASSESSMENT: 3, FAMILY_HOUSING: 2,
        YOUTH_SHELTER: 1}),
    C("necesito comida para mis hijos", "spanish", near="27205", relevant={
        DESPENSA: 3, PANTRY: 3, MOBILE_PANTRY: 2, FNS: 2, RB_WIC: 2, BACKPACK: 2}),
    C("ayuda para pagar la luz", "spanish", near="27203", relevant={
        ENERGY_CRISIS: 3, UTILITY_FUND: 3, HEATING: 2}),
    C("me van a desalojar de mi apartamento", "spanish", near="27205", relevant={
        EVICTION_DEFENSE: 3, RENT_HELP: 3, CIVIL_LEGAL: 2}),
    C("clínica gratis, no tengo seguro", "spanish", near="27205", relevant={
        FREE_CLINIC: 3, PRIMARY: 2, CHARITY_CARE: 1, INSURANCE_NAVIGATORS: 1}),
    C("abogado de inmigración", "spanish", near="27205", relevant={
        INMIGRACION: 3, IMMIGRATION_LEGAL: 3, ORIENTACION: 1}),
    C("clases de ingles", "spanish", near="27203", relevant={
        INGLES: 3, ENGLISH_CLASSES: 3, CITIZENSHIP: 1}),
    C("quiero dejar de tomar alcohol", "spanish", near="27203", relevant={
        IOP: 3, RESIDENTIAL: 2, DETOX: 2, BUPRENORPHINE: 2, PEER_COACHING: 1,
        RECOVERY_MEETINGS: 1, NEW_LIFE: 1, CONSEJERIA: 1}),
    C("necesito un dentista para mi hijo", "spanish", near="27205", relevant={
        HEALTH_DEPT_DENTAL: 3, FAMILY_DENTISTRY: 3}),
    C("psicólogo en español", "spanish", relevant={
        CONSEJERIA: 3, THERAPY: 1, SLIDING_COUNSELING: 1}),
    C("mi bebé necesita pañales", "spanish", near="27203", relevant={
        DIAPERS: 3, RB_WIC: 1}),
    # -- misspelled --------------------------------------------------------------------------
    C("homless shelter", "misspelled", near="27203", relevant={
        MEN_SHELTER: 3, HOPE_COTTAGE: 3, FAMILY_HOUSING: 2, ASSESSMENT: 2,
        YOUTH_SHELTER: 1, COLD_WEATHER: 1}),
    C("foood pantrie", "misspelled", near="27203", relevant={
        PANTRY: 3, MOBILE_PANTRY: 2, DESPENSA: 2}),
    C("methodone clinic", "misspelled", near="27205", relevant={
        METHADONE: 3, BUPRENORPHINE: 2}),
    C("detocks", "misspelled", near="27317", relevant={DETOX: 3, CRISIS_UNIT: 2}),
    C("suboxen doctor", "misspelled", near="27205", relevant={
        BUPRENORPHINE: 3, METHADONE: 1}),
    C("evicton lawer", "misspelled", near="27203", relevant={
        EVICTION_DEFENSE: 3, CIVIL_LEGAL: 2}),
    C("councling for my anxeity", "misspelled", near="27205", relevant={
        THERAPY: 3, SLIDING_COUNSELING: 3, PSYCHIATRY: 1}),
    C("denist", "misspelled", near="27203", relevant={
        FAMILY_DENTISTRY: 3, EXTRACTIONS: 2, HEALTH_DEPT_DENTAL: 2}),
    C("perscription help", "misspelled", near="27203", relevant={
        RX_ASSISTANCE: 3, CHC_PHARMACY: 2}),
    C("imigration lawyer", "misspelled", near="27205", relevant={
        IMMIGRATION_LEGAL: 3, INMIGRACION: 3}),
    C("how to aply for medicade", "misspelled", relevant={
        MEDICAID_APPLICATIONS: 3, INSURANCE_NAVIGATORS: 2}),
    # -- crisis ------------------------------------------------------------------------------
    C("i dont want to be here anymore", "crisis", near="27203", relevant={
        SUICIDE_LINE: 3, ACCESS_CRISIS_LINE: 3, MOBILE_CRISIS_TEAM: 2, WALK_IN_CENTER: 2,
        WARMLINE: 1, CRISIS_LINE_ES: 1, EMERGENCY_DEPARTMENT: 1, CRISIS_UNIT: 1}),
    C("ya no quiero vivir", "crisis", near="27205", relevant={
        CRISIS_LINE_ES: 3, SUICIDE_LINE: 2, ACCESS_CRISIS_LINE: 2, MOBILE_CRISIS_TEAM: 1,
        WALK_IN_CENTER: 1, CONSEJERIA: 1}),
    C("my husband is hitting me", "crisis", near="27203", relevant={
        DV_CRISIS_LINE: 3, SAFE_HOUSE: 3, PROTECTIVE_ORDERS: 2, DV_LINE_ES: 1,
        CIVIL_LEGAL: 1}),
    C("took too many pills", "crisis", near="27203", relevant={
        POISON_LINE: 3, EMERGENCY_DEPARTMENT: 3, SUICIDE_LINE: 2, ACCESS_CRISIS_LINE: 2,
        WALK_IN_CENTER: 1, MOBILE_CRISIS_TEAM: 1}),
    C("my friend overdosed and wont wake up", "crisis", near="27203", relevant={
        EMERGENCY_DEPARTMENT: 3, POISON_LINE: 2, NALOXONE_KITS: 2}),
    C("i was raped last night", "crisis", near="27205", relevant={
        SA_ACCOMPANIMENT: 3, DV_CRISIS_LINE: 3, EMERGENCY_DEPARTMENT: 2, DV_LINE_ES: 1,
        STD_CLINIC: 1}),
    C("mi pareja me golpea y tengo miedo", "crisis", near="27205", relevant={
        DV_LINE_ES: 3, DV_CRISIS_LINE: 2, SAFE_HOUSE: 2, PROTECTIVE_ORDERS: 1}),
    C("my son is 16 and says he wants to kill himself", "crisis", near="27203", relevant={
        SUICIDE_LINE: 3, MOBILE_CRISIS_TEAM: 3, ACCESS_CRISIS_LINE: 3,
        EMERGENCY_DEPARTMENT: 2, THERAPY: 1, PSYCHIATRY: 1}),
    C("hearing voices telling me to hurt myself", "crisis", near="27203", relevant={
        WALK_IN_CENTER: 3, ACCESS_CRISIS_LINE: 3, MOBILE_CRISIS_TEAM: 3, SUICIDE_LINE: 2,
        EMERGENCY_DEPARTMENT: 2, PSYCHIATRY: 1, CRISIS_UNIT: 1, INPATIENT: 1}),
    C("i relapsed and im scared of the withdrawals", "crisis", near="27203", relevant={
        DETOX: 3, CRISIS_UNIT: 2, WALK_IN_CENTER: 2, ACCESS_CRISIS_LINE: 2,
        BUPRENORPHINE: 1, PEER_COACHING: 1}),
    # -- nothing fits --------------------------------------------------------------------------
    C("my dog needs to see a vet and i cant afford it", "nothing_fits", near="27203"),
    C("somebody to fix my roof, it's leaking", "nothing_fits", near="27205"),
    C("my car broke down need a cheap mechanic", "nothing_fits", near="27203"),
    C("toys for my kids for christmas", "nothing_fits", near="27203"),  # only inactive
    C("free cell phone", "nothing_fits"),
    C("necesito un veterinario para mi gato", "nothing_fits", near="27205"),
    C("passport renewal", "nothing_fits", near="27203"),
]

CASES: dict[str, list[Case]] = {"durham": DURHAM, "riverbend": RIVERBEND}
