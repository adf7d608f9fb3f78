"""Assessments: dated measurements of a household's welfare and its graduation readiness."""
