"""Reference data shipped in the package: Palembang regions, OPD list, needs/competence taxonomy."""
