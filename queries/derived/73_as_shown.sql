-- A target measure's value as the pages show it, for comparing with a target: shares to 0,1
-- point (0.6996 shows as 70,0%), averages to one decimal, counts whole.
create macro as_shown(measure, value) as
    case measure
        when 'share_meeting' then round(value, 3)
        when 'share_advanced' then round(value, 3)
        when 'share_model' then round(value, 3)
        when 'avg_criteria' then round(value, 1)
        else round(value, 0)
    end
