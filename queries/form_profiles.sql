-- The saved form profiles: how each office's form is read.
select profile, dataset, spec from form_profiles order by profile
