package report

import (
	"strconv"

	"github.com/gather-sp/gather/domain"
)

// Method explains, in plain words, how every figure was counted. The PDF
// prints it; a screen can show it as help. Each entry is a heading and a
// paragraph.
func Method() [][2]string {
	mc := strconv.FormatFloat(domain.SWEMWBSMeaningfulChange, 'f', 0, 64)
	return [][2]string{
		{"Period and scope", "Dates are inclusive: 1 January to 31 March counts both days. " +
			"A venue or activity filter covers its sessions, each where it was held (expected ones where the activity met " +
			"then), and the case records (referrals, follow-ups, measures) of people matched or enrolled where it met that day. " +
			"A practice filter covers people whose record or referral names the practice; a session counts for it when one " +
			"of its people was marked; sessions expected or cancelled and places do not apply."},
		{"People counted once", "Each person counts once however many times they came. People registered twice and " +
			"later merged count as one. New people are those whose first attendance ever (in the scope chosen) falls in the period."},
		{"Attendance", "An attendance is a mark of present, late or left early. Apologies and absent marks are " +
			"counted apart. A session is held when it was not cancelled and has a mark, or a session record for a day before the report was made; " +
			"marks taken at a session later cancelled are not counted. A friend or carer who came along with someone (noted on " +
			"their mark) is counted apart, as friends and carers, and not as an attendance. Sessions expected are the dates each " +
			"activity's schedule gives in the period (every week, every two weeks, a week of the month, or once; less the dates " +
			"it skips) up to the day the report is made (that day's once held or cancelled); sessions cancelled are those called off. Places taken " +
			"compares attendances with capacity, only for activities that have a capacity set."},
		{"Stopped coming", "A person who came to an activity, is still enrolled on it, and missed its last three sessions up to " +
			"the end of the period, wherever held (the last within it, at the venue chosen). Missed: absent, apologies or not " +
			"marked. Staff CSV only."},
		{"Referrals and SNOMED CT", "Referrals are counted by the date they were received. A referral is accepted when the " +
			"person is first contacted: SNOMED CT " + domain.SnomedReferralAccepted + " (" + domain.SnomedTerms[domain.SnomedReferralAccepted] +
			") is recorded then, and counted in the period of that date. " + domain.SnomedDeclined + " (" + domain.SnomedTerms[domain.SnomedDeclined] +
			") is recorded when a referral is declined, with the reason."},
		{"Waiting time", "Days from the date a referral was received to the date of first contact, for referrals first " +
			"contacted in the period. The median is the middle wait (the mean of the middle two when there is an even number). " +
			"The 90th percentile is the nearest-rank value: 9 in 10 people were contacted within that many days. " +
			"Referrals not yet contacted, and not declined or closed, are shown apart, with the longest anyone is still waiting."},
		{"Matches and onward referrals", "People matched to an activity in the period, once per activity. Onward referrals " +
			"are matches to money advice and employment services, which other organisations run."},
		{"Follow-ups", "Follow-ups due in the period: done on time (on or before the due date), done late, overdue (not done " +
			"and due before the date the report was made), or not yet due."},
		{"Wellbeing outcomes", "Only people measured at both baseline and follow-up are included, so the before and after " +
			"figures describe the same people: each person's first baseline and their latest follow-up in the period. " +
			"ONS4 questions are reported one by one, never added up, with the ONS bands (low 0-4, medium 5-6, high 7-8, " +
			"very high 9-10; anxiety: very low 0-1, low 2-3, medium 4-5, high 6-10). SWEMWBS raw scores (7-35) are converted " +
			"to metric scores with the published table. A rise of at least " + mc + " metric points counts as meaningful " +
			"(Shah et al. 2018 found 1 to 3 points; we use the top of that range). Under 30 pairs, a warning is shown. " +
			domain.SWEMWBSLicence},
		{"Equity", "Attendance and referrals by age band (age on the last day of the period), gender and ethnicity, as " +
			"recorded on the person. Not recorded is its own group. Each count is shown with its share of everyone in the breakdown."},
		{"Small numbers", "So that no one can be recognised, counts of 1 to 4 people, and averages, medians and shares over " +
			"fewer than 5, read \"" + Suppressed + "\"; so do others, of any size, until the hidden ones add up to 5 or more. " +
			"Sessions are counted, except for a practice with fewer than 5 people. Each report is protected on its own: " +
			"give each audience one, as two about overlapping groups or periods could give a hidden figure away."},
	}
}
