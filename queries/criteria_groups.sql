-- The criteria groups in order.
select distinct group_id, group_vi, group_en from criteria order by group_id
