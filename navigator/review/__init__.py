"""What waits for an admin before it changes the directory or who may keep it.

Providers propose changes to their listings (``proposals``, field by field through
``fields``, section by section through ``forms``, which the admin's review reuses to edit
a proposal before approving it); residents report listings that are wrong; people ask
for access to keep their organization's listings. The portal files them, the admin pages
decide them, the public pages file reports and requests; the search index follows an
approved change when its session commits. This package knows the directory, never search
or the features.
"""
