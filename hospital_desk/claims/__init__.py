"""Claims to NSSF: maternity, hospitalisation and funeral (issue 6; docs/claims.md).

    model        the claim types, states and ids (frozen dataclasses)
    checks       the checks a claim must pass (pure; table-tested)
    states       the state machine (100% branch coverage enforced)
    store        claims in the local database: create, check, queue, history
    tariff       the price list, by service code and version
    icd10        WHO ICD-10 codes, validated and searched
    attachments  documents by SHA-256, PDF/JPEG/PNG by their magic bytes
    deaths       deaths recorded by funeral claims (checks and scans say so)
    fhir         FHIR R4 export (Claim, Bundle)

Kept free of imports here: hospital_desk.desk imports `deaths`, and `store` imports the desk.
"""
