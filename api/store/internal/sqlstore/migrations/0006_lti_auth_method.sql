-- How Clio sends the browser to an LMS's authorisation endpoint: '' or
-- 'get' (a redirect) or 'post' (an auto-submitting form), for LMSs that
-- take only one of the two methods OpenID Connect requires them to take.
ALTER TABLE lti_platforms ADD COLUMN auth_method TEXT NOT NULL DEFAULT '';
