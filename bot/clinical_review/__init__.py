"""Clinical sign-off of the reviewed data: every content entry, fact, hotline file, screening question,
rule and medicine list is approved (or returned) by a `clinical_reviewer` in the staff console.

items.py reads the items from the YAML files; models.py stores approvals; workflow.py decides status,
approves, returns and writes the review fields back; serving.py picks the version the bot may serve per
profile; views.py is the console; nlg.py is Rasa's adapter.
"""
