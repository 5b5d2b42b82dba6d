"""Personal medical advice the intent model may miss: doses, reports, someone else's treatment, symptoms.

The decline intents learn from examples; these patterns catch the shapes that carry the same meaning in
words an example set rarely holds ("is 100mg ... too much for me", "my mri says ..., does that mean").
"""
from __future__ import annotations

import re
from typing import Sequence

from bot.safety.hotlines import load_hotlines

_EMERGENCY = re.escape(load_hotlines(enforce_review=False).numbers["emergency_number"])  # one home: hotlines.yml
_PERSON = (r"(?:mom|mum|mother|dad|father|son|daughter|wife|husband|partner|brother|sister|friend|child|kid|"
           r"teen|teenager|aunt|uncle|grandma|grandpa|grandmother|grandfather|boyfriend|girlfriend|fiance|spouse|"
           r"\d+ ?(?:year|yr)[ -]old|\d+ ?yo)")
_MEDICINE_VERB = r"(?:take|stop|quit|cut|lower|raise|increase|decrease|reduce|skip|double|go off|come off|wean|taper|switch|start)"
_CHANGE_VERB = r"(?:stop|quit|cut|lower|raise|increase|decrease|reduce|skip|double|go off|come off|wean|taper|switch)"
ADVICE = [
    re.compile(r"\b\d+(?:\.\d+)?\s?(?:mg|mgs|milligrams?|mcg)\b"),  # a dose of theirs
    re.compile(r"\bmy (?:brain |head |last )?(?:mri|eeg|ct|cat scan|scan|x-?ray|report|labs?|lab results|blood ?work|"
               r"bloodwork|test results|results|phq-?9?|score)\b.*\b(?:says?|said|shows?|showed|mentions?|mentioned|"
               r"came back|mean|means|found)\b"),
    re.compile(r"\bwhat does (?:that|this|it) (?:mean|say) (?:for|about) me\b"),
    re.compile(r"\bshould (?:i|he|she|they|we)\b.*\b" + _MEDICINE_VERB + r"\b.*\b(?:my|his|her|their)\b"),
    re.compile(r"\b(?:can|could|do) (?:i|he|she) (?:just |simply |finally |now )?" + _CHANGE_VERB + r"\b.*\b(?:my|his|her)\b"),
    re.compile(r"\bmy (?:\w+ )?(?:doctor|dr|psychiatrist|prescriber|therapist|neurologist|provider)(?:'s)? "
               r"(?:wants|says|said|told|recommends|recommended|suggests|suggested)\b.*\b(?:should (?:i|we)|is (?:he|she) right)\b"),
    re.compile(r"\bhow much \w+ should (?:i|he|she) (?:take|be on|have)\b"),
    re.compile(r"\bhow (?:many|much)\b(?! (?:sessions?|treatments?|tms|visits?)\b)(?:\s+\w+){0,3}\s+(?:can|should) (?:i|he|she) take\b"),
    re.compile(r"\b(?:too much|too high|too low) for me\b"),
    re.compile(r"\bwhat (?:\w+ )?(?:cream|ointment|lotion|medicine|medication|med|pill|drug|painkiller|dose|supplement|"
               r"antidepressant)s? should (?:i|he|she|we|my (?:\w+ ){0,3}?" + _PERSON + r") (?:be )?(?:take|taking|put|use|try|give|on)\b"),
    re.compile(r"\bis (?:it|this) (?:ok|okay|safe|fine) (?:for me )?(?:if i|to|for me to) (?:take|stop|go off|come off|skip|quit|"
               r"start|restart)\b(?! (?:tms|the tms|treatment|the treatment|the course|a course|sessions?)\b)"
               # not a break from the course ("is it ok to skip a couple days" for a holiday: round sixteen)
               r"(?! (?:a |a couple |a couple of |a few |some |two |three |\d+ )?(?:days?|sessions?|appointments?|visits?|weeks?)\b)"),
    # a change to a medicine named just before ("my father takes blood pressure medicine, can he reduce it?")
    re.compile(r"\b(?:medicine|medication|meds|pills?|tablets?|dose|prescription|antidepressants?)\b[^?]*"
               r"\b(?:can|could|should) (?:i|he|she|they) (?:just )?(?:reduce|lower|stop|cut|taper|decrease|increase|raise|"
               r"double|halve) (?:it|them|the dose|the dosage)\b"),
    # a reading of their own ("BP was 165/100 this morning, is that dangerous?")
    re.compile(r"\b(?:bp|blood pressure|pulse|heart rate|blood sugar|sugar|glucose|oxygen|o2|temperature|temp)\b[^.?!]{0,40}"
               r"\b\d{2,3}\b.*\b(?:is|was) (?:that|this|it) (?:dangerous|bad|normal|too high|too low|ok|okay|safe|high|low)\b"),
    # whether to change a medicine of theirs ("should I drop the Spravato to once a week?")
    re.compile(r"\bshould (?:i|he|she|we) (?:drop|lower|raise|increase|decrease|reduce|taper|double|halve|restart) "
               r"(?:my|his|her|our|the (?!number|amount|frequency|sessions?|treatments?|course|tms)\w+)\b"),
    re.compile(r"\bmy " + _PERSON + r"(?:'s)?\b.*\bshould (?:he|she|they|i)\b"),
    # a choice between treatments for one person ("should my mom do TMS or ECT? tell us which one")
    re.compile(r"\bshould (?:i|we|he|she|my (?:\w+ ){0,3}?" + _PERSON + r") (?:do|get|try|choose|pick|go with|start)\b"
               r"[^.?!]*\bor\b"),
    re.compile(r"\bmy " + _PERSON + r"(?:'s|s)? (?:psychiatrist|doctor|dr|prescriber)\b.*\b(?:right|should)\b"),
    re.compile(r"\b(?:prescribe|prescription for|write me a script|refill)\b"),
    re.compile(r"\b(?:do|should) i (?:need to |have to )?(?:go |go and )?(?:see|go to|call|visit) (?:a|my|the) "
               r"(?:doctor|dr|dentist|dermatologist|specialist|gp|primary care)\b(?! (?:to|for|first|before)\b)"),
    re.compile(r"\bdo i need a (?:doctor|dentist)\b"),
    re.compile(r"\bis (?:that|this|it) (?:tmj|an infection|a stroke|serious|cancer|normal for me|mania|manic|hypomania|"
               r"psychosis|an allergic reaction|a heart attack)\b"),
    # a symptom of theirs put down to the treatment ("my arm is numb, is this from the tms?")
    re.compile(r"\b(?:is|could) (?:this|that|it) (?:be )?(?:from|because of|caused by) (?:the |my )?(?:tms|treatment|session|"
               r"sessions|coil|magnets?)\b"),
    # harm of theirs put down to a session ("did the machine damage my hearing?")
    re.compile(r"\bdid (?:the|my|that|this) (?:machine|tms|treatment|session|coil|magnets?) (?:\w+ )?(?:damage|hurt|harm|"
               r"cause|do (?:this|that|something))\b"),
    # a diagnosis of someone specific ("he thinks the TV is talking to him. What is wrong with him?")
    re.compile(r"\bwhat(?:'s| is)? (?:wrong|going on) with (?:him|her|them|me|my (?:\w+ ){0,2}?" + _PERSON + r")\b"),
    re.compile(r"\bjust had an? (?:seizure|fit|convulsion)\b"),
    re.compile(r"\b(?:is|am) (?:i|he|she|my (?:\w+ ){0,3}?" + _PERSON + r") (?:actually |really |just )?"
               r"(?:depressed|bipolar|manic|psychotic)\b"),
    # a diagnosis of their own ("do I have bipolar or just depression?"), not "do I have to ..."
    re.compile(r"\bdo i (?:actually |really |even |truly )?have (?!to\b)(?:\w+ ){0,2}"
               r"(?:depression|bipolar|adhd|add|ptsd|ocd|anxiety|dementia|"
               r"psychosis|(?:an? )?(?:\w+ )?disorder)\b"),
    # a score of their own ("my PHQ-9 was 19", "my HAM-D went from 24 to 17 ... does that count as a response for me")
    re.compile(r"\bmy (?:phq-?9?|gad-?7|ham-?d|madrs|bdi|qids|beck|score|test)(?: score)?\b.{0,20}"
               r"\b(?:is|was|came out|came back|of|went|dropped|fell|from)\b.{0,15}\d"),
    # a painkiller of their own choosing, or how much of one ("is that too much?")
    re.compile(r"\bcan i (?:take|use|have) (?:an? |some |\d+ |two |a couple of )?(?:\w+ )?(?:ibuprofen|advil|motrin|"
               r"tylenol|acetaminophen|paracetamol|aspirin|aleve|naproxen|excedrin|painkillers?|pain ?killers?|"
               r"pain relievers?)\b"),
    re.compile(r"\b(?:is|would) (?:that|this|it) (?:be )?too much\b"),
    # mixing a substance with a medicine of theirs ("can I drink wine while on wellbutrin?")
    re.compile(r"\bcan i (?:drink|take|have|mix|use|smoke)\b.*\b(?:while|when) (?:i'?m )?(?:on|taking) "
               r"(?!tms\b|the treatment|treatment|a course|the course)\w+"),
    # what a person should do about a symptom or an incident of their own, now
    re.compile(r"\bwhat (?:do|should) (?:i|we) do\b.*\b(?:now|right now|tonight|today)\b"),
    re.compile(r"\bi (?:feel|felt|am|'m|got) \w+ after (?:my|the|today'?s) (?:session|treatment)\b.*\bwhat should i do\b"),
    # what a specific patient or relative should do next ("My client ... What would you recommend she do")
    re.compile(r"\bwhat (?:would|do|should|can) you (?:recommend|suggest|advise) (?:she|he|they|my \w+|for my \w+) "
               r"(?:do|try|take|does|tries)\b"),
    # whether a symptom of one's own needs looking at ("my hand keeps twitching ... do I need to get that checked out")
    re.compile(r"\b(?:do|should) i (?:need to |have to )?(?:get|have) (?:this|that|it) (?:checked|looked at|seen)\b"),
    # Spanish: whether to stop, start or change their own medicine ("¿debo dejar mi litio?", "¿lo debo dejar?")
    re.compile(r"\b(?:debo|puedo|tengo que) (?:dejar|suspender|tomar|cambiar|bajar|subir|tomarme|bajarme|subirme|"
               r"dejarme|quitarme) (?:mi|mis|el|la|los|las)\b"),
    re.compile(r"\b(?:se|me) (?:puede|puedo|debe|debo) (?:bajar|subir|dejar|cambiar|suspender|quitar) (?:la dosis|el|la|su|sus|"
               r"mi|mis)\b|\bqu[eé] (?:antidepresivo|medicamento|medicina|pastilla|dosis) me (?:recomienda|recomiendan)\b"),
    re.compile(r"\b(?:lo|la|los|las) (?:debo|puedo|tengo que) (?:dejar|suspender|tomar|cambiar|bajar|subir)\b"),
    # round sixteen's decline batch CG (read after its measurement): a clinician's medicine question for a patient
    # ("would you recommend I titrate the abilify up before TMS", "should I max out the buspirone first")
    re.compile(r"\b(?:would|do) you (?:recommend|suggest|advise) (?:that )?(?:i|we) (?:try|titrate|max out|maximi[sz]e|"
               r"increase|add|switch|start|stop|taper|augment|raise|lower)\b"),
    re.compile(r"\b(?:should (?:i|we)|(?:i|we) should) (?:max out|maximi[sz]e|titrate|augment|optimi[sz]e)\b"),
    # someone's medicine list reviewed, or two medicines of a person's taken together
    re.compile(r"\b(?:look over|go over|review) (?:my|his|her|their) (?:(?:med(?:ication)?s?|medicines?|pills?)(?: list)?|list)\b"),
    re.compile(r"\bcan (?:i|my (?:\S+ ){0,3}?" + _PERSON + r") (?:safely )?take (?:my|his|her|their) "
               r"(?!sessions?|treatments?|appointments?|tms)\w+ with\b"),
    # two clinicians disagree about one person ("my ob said stop zoloft, my psych said keep going. who do i listen to")
    re.compile(r"\bwho (?:do|should) (?:i|we) (?:listen to|believe|trust)\b|\bthinks? (?:it'?s|it is|i have|i'?m|"
               r"(?:he|she) has)\b.*\bthinks?\b.*\b(?:which|who)\b"),
    # a diagnosis of a specific person ("does he have sleep apnea?", "is that even still postpartum?")
    re.compile(r"\bdoes (?:he|she|my (?:\S+ ){0,3}?" + _PERSON + r") (?:actually |really |even )?have (?!to\b)"),
    re.compile(r"\bis (?:that|this|it|she|he) (?:even |still |really )*(?:postpartum|ppd|sleep apnea|a relapse)\b"),
    re.compile(r"\b(?:do|should) i (?:need to |have to )?(?:go )?(?:see|call) (?:someone|somebody|anyone) about (?:it|this|that)\b"),
    # Spanish, Tagalog and Chinese: a diagnosis of their own, whether it is serious, which pill to take, a
    # prescription, whether to change a medicine
    re.compile(r"\bcreo que (?:tengo|soy|estoy)\b.*\b(?:qu[eé] (?:piensan|opinan|creen|piensa|opina))\b|"
               r"\b(?:es|ser[aá]) algo grave\b|\bqu[eé] (?:pastilla|medicina|medicamento|p[ií]ldora) (?:me )?(?:tomo|"
               r"debo tomar|puedo tomar)\b|\breseta\b"),
    re.compile(r"换药|换什么药|要不要停药|停药|减药|加药"),
    # Arabic: stopping, raising or lowering a person's medicine or dose ("هل أوقف له الدواء", "هل نزيد الجرعة")
    re.compile(r"(?:أوقف|اوقف|نوقف|يوقف|توقف|أزيد|ازيد|نزيد|أقلل|اقلل|نقلل|أخفف|نخفف)\s*(?:له |لها |لي )?(?:الدواء|الدوا|الجرعة|الحبوب)"),
    # a prescription of their own, in Spanish or Portuguese ("¿me pueden recetar algo?", "pode me receitar")
    re.compile(r"\bme (?:\w+ )?(?:recetar|recete|receten|receitar|receite|prescribir|prescrever)\b|"
               r"\b(?:recet|receit)(?:ar|e|a)me\b|\b(?:recetar|receitar) (?:algo|alguma coisa|algún|algum)\b"),
    # an extra dose of their own ("can i take 2 of my ativan instead of 1")
    re.compile(r"\b(?:can|could|should|may) i take (?:\d+|two|three|an extra|another|double) (?:of )?my\b"),
    # whether a symptom of theirs is a worry ("... is that something i should worry about", "is it something to worry about")
    re.compile(r"\b(?:is|are) (?:that|this|it|these|those) (?:something|anything) (?:(?:i|we) should |to )"
               r"(?:worry|be worried|be concerned) about\b"),
    # round seventeen's decline batch CH (read after its measurement): what the bot would do in their place; a
    # medicine for "someone like him"; a prescription as a script or an Rx; which condition they have; a skipped
    # medicine; a dose of theirs ("on 40 of paxil"); a taper plan; a patient's score and protocol
    re.compile(r"\bif you were (?:me|him|her|in my (?:shoes|position))\b|\bin my (?:shoes|position)\b"),
    re.compile(r"\b(?:meds?|medications?|medicines?|pills?|antidepressants?|drugs?)\b[^.?!]{0,25}\bfor (?:someone|somebody|a "
               r"person) like (?:him|her|me|them|my (?:\w+ )?" + _PERSON + r")\b"),
    re.compile(r"\b(?:new|another|a|the) script for\b|\b(?:an?|my|new) rx for\b"),
    re.compile(r"\bwhich (?:one|kind|type) (?:do|does) (?:i|he|she|my (?:\w+ )?" + _PERSON + r") (?:actually |really )?have\b|"
               r"\b(?:tell me|know|say) (?:if|whether) (?:i|he|she|my (?:\w+ )?" + _PERSON + r") (?:have|has) (?!to\b)"),
    re.compile(r"\bis (?:that|this|it) (?:\w+ )?(?:brain damage|long covid|dementia|alzheimer'?s|a tumou?r|a blood clot|"
               r"adhd|ptsd|ocd|menopause|an? (?:\w+ )?disorder)\b"),
    re.compile(r"\b(?:skipped|missed|forgot)\b (?:my|his|her) (?!sessions?|appointments?|treatments?|tms|visits?|ride|"
               r"mapping|consult)\w+ (?:for \d|for (?:a|two|three|four|five|a few|several) days?|doses?|pills?|meds?)\b"),
    re.compile(r"\bon \d+ of (?!(?:my |the |our |his |her )?(?:\d+ )?(?:sessions?|treatments?|visits?|weeks?|days?)\b)[a-z]+"),
    re.compile(r"\btaper(?:ing)? (?:schedule|plan|off schedule)\b"),
    re.compile(r"\b(?:patient|pt|client|he|she|i) scored (?:a )?\d+\b|\bwould you (?:change|switch|adjust|add|stop|"
               r"increase|lower|keep) (?:her|his|their|the patient'?s) (?:protocol|dose|meds?|medication|treatment|target)\b"),
    # Spanish, Vietnamese, Chinese, Bengali, Somali, Haitian Creole and Tagalog: a score, a diagnosis or a
    # prescription of their own or a relative's, whether a symptom needs a doctor
    re.compile(r"\bsaqu[eé] (?:un )?\d+\b|\b(?:mi|su) (?:puntaje|puntuaci[oó]n|resultado) (?:de|del|en)\b|"
               r"\bdebe(?:r[ií]a)? (?:ir|ver) (?:al|a un) (?:m[eé]dico|doctor)\b|\btengo que ir al m[eé]dico\b"),
    re.compile(r"\b(?:có cần đi khám|có phải (?:em|tôi|con|anh|chị) bị|bị trầm cảm nặng không)|"
               r"是不是(?:躁郁症|抑郁症|双相|老年痴呆|中风)|开(?:点|些)?(?:药|安眠药)|要不要(?:吃|减|加|停)|严重吗|"
               r"প্রেসক্রিপশন|ওষুধ(?:ের)? (?:কি )?(?:বন্ধ|কমা|বাড়া)|কি (?:বাইপোলার|ডিপ্রেশন|বিষণ্ণতা)|"
               r"\bdaawo(?:da)? (?:ii|u) qor\b|\bii qor daawada\b|\bma (?:bipolar|niyad ?jab|buufis) (?:ayuu|ayay|ayaan) qabaa?\b|"
               r"\bdhakhtar (?:ma )?(?:u baahanahay|arko)\b|\b(?:èske|eske) (?:se|li|m) (?:depresyon|bipolè)\b|"
               r"\bsa vle di m gen\b|\bkailangan ko (?:na )?(?:ba )?(?:magpatingin|pumunta sa doktor)\b"),
]
#: A symptom question that mentions emergency care: the emergency number / the emergency room comes first.
URGENT = [
    re.compile(r"\b(?:go to|need|visit) (?:the )?(?:er|e\.r\.|emergency room|emergency|urgent care|hospital)\b"),
    re.compile(rf"\bcall (?:an ambulance|{_EMERGENCY})\b"),
    re.compile(r"\b(?:chest pain|can'?t breathe|cannot breathe|trouble breathing|slurred|face is drooping|"
               r"worst headache|passed out|fainted|seizure right now)\b"),
    re.compile(r"\bchest (?:feels? )?(?:tight|tightness|pressure)\b|\b(?:left )?arm (?:is |feels |went |goes )?numb\b"),
    # a seizure that just happened or is happening (not "I had a seizure as a child, can I do TMS?", nor the
    # chance of having one: "what are the odds of having a seizure during treatment?" asks about risk)
    re.compile(r"^(?!.*\b(?:chances?|risks?|odds|likelihood|possibility|how (?:likely|common|often|rare))\b[^.?!]{0,30}"
               r"\bhaving an? (?:seizure|fit|convulsion)).*"
               r"\b(?:just had|is having|'s having|am having|having|just had what looked like) an? (?:seizure|fit|convulsion)\b"),
    re.compile(r"\b(?:seizure|convulsion)\b.*\bwhat (?:do|should) (?:i|we) do\b"),
    # signs of an emergency happening to the writer or someone with them now (round fifteen's decline batch CE:
    # fainting, a racing heart, a head injury, one-sided weakness, vomiting, bleeding, a stiff neck with fever)
    re.compile(r"\b(?:i|he|she|they|we|(?:my|our) (?:\w+ )?" + _PERSON + r") (?:just |nearly |almost |had |has )?"
               r"(?:passed out|blacked out|collapsed|fainted|won'?t wake up|can'?t wake (?:him|her) up)\b"),
    re.compile(r"\b(?:feel|feels|feeling) like (?:i'?m|i am|he'?s|she'?s) (?:going to|gonna|about to) (?:pass|black) out\b"),
    re.compile(r"\bheart (?:is |keeps |has been |'s )?(?:racing|pounding|skipping(?: beats)?)\b|\bheart rate (?:is |of )?1\d\d\b"),
    re.compile(r"\b(?:hit|bumped|banged) (?:my|his|her|their) head\b"),
    re.compile(r"\b(?:seeing double|vision (?:is |went )?(?:blurry|black|gone)|seeing spots|eyes rolled back|"
               r"bit (?:my|his|her) tongue|can'?t stop (?:vomiting|throwing up|shaking|jerking)|won'?t stop (?:bleeding|jerking|"
               r"shaking)|(?:ear|ears|nose) (?:is |are )?bleeding|fever of 10[2-9]|stiff neck|neck is stiff|"
               r"(?:hand|arm|leg|face|side) (?:is |feels |went )?(?:weak|drooping|paralyzed)|slurring)\b"),
    re.compile(r"\b(?:el peor (?:dolor de cabeza )?de mi vida|no paro de vomitar|cuello r[ií]gido|visi[oó]n doble|"
               r"no (?:se )?despierta|vis[aã]o dupla|desmaiei|desmaiou)\b"),
    # round sixteen's decline batch CG: jerking that will not stop, sight lost in an eye, foaming at the mouth,
    # about to faint, blood or fluid from an ear, numb lips or hands, a blood pressure of 180 or more, a collapse,
    # lips turning blue, a pulse under 40, a burn that oozes; Tagalog and Chinese chest pain, breathlessness, slurred
    # speech and a numb half of the face (the Spanish ones are in the Spanish patterns)
    re.compile(r"\b(?:jerking|twitching|shaking|convulsing)\b[^.?!]{0,20}\b(?:won'?t|will not|doesn'?t|can'?t) stop\b|"
               r"\bvision (?:in (?:one|my (?:left|right)) eye )?(?:is |went |has gone |going )?(?:dark|black|gone|out)\b|"
               r"\b(?:lost|losing) (?:the )?(?:vision|sight) in\b|\bfoaming at the mouth\b|"
               r"\b(?:going to|gonna|about to) (?:faint|collapse)\b|\broom is spinning\b|"
               r"\b(?:blood|fluid|pus) (?:is )?(?:coming|leaking|draining|dripping|running) (?:out\b|from (?:my|his|her) "
               r"(?:ear|ears|nose)\b)|\b(?:ear|ears) (?:is |are )?(?:draining|leaking)\b|"
               r"\b(?:hand|arm|lips?|face|tongue|mouth)\b[^.?!]{0,20}\b(?:is|are|went|go|gone|feels?|felt) numb\b|"
               r"\b(?:bp|blood pressure|cuff)\b[^.?!]{0,30}\b(?:1[89]\d|2\d\d)/\d{2,3}\b|\bcollapsed\b|"
               r"\b(?:lips|face|fingers) (?:look |looks |are |is |turning |went )?(?:kind of |kinda )?(?:blue|gray|grey)\b|"
               r"\bshort of breath\b|\b(?:pulse|heart rate) (?:is |of |says |at |was )?[1-3]\d\b|\bheart keeps stopping\b|"
               r"\b(?:blister|burn)\b[^.?!]{0,60}\b(?:oozing|pus|infected)\b"),
    re.compile(r"\b(?:sakit ng dibdib|hirap (?:akong )?huminga)\b|说话不清|半边脸|胸口痛|喘不过气|晕倒|昏倒"),
    # round seventeen's decline batch CH: a fall with confusion, a high fever with confusion, not knowing where they
    # are, seizures one after another; Vietnamese, Arabic, Somali and Chinese chest pain, a seizure, no waking
    re.compile(r"\b(?:fell|fallen|fall)\b[^.?!]{0,60}\b(?:mumbling|confused|not making sense|won'?t answer|can'?t get up)\b|"
               r"\bfever (?:of |is |at )?10[2-9]\b|\b(?:does ?n'?t|does not|did ?n'?t) know where (?:she|he|they|i) (?:is|are|am)\b|"
               r"\bseizures? (?:one )?after (?:another|the other)\b|"
               # round seventeen's question set 27: the worst headache of one's life in other words, a fall with a
               # blow to the head in Spanish
               r"\b(?:headache|head|pain)\b[^.?!]{0,40}\bworst (?:\w+ )?(?:i'?ve|i have|i ever|of my life)\b|"
               r"\bse (?:cay[oó]|golpe[oó]|peg[oó]|dio)\b[^.?!]{0,40}\b(?:cabeza)\b"),
    re.compile(r"đau ngực|khó thở|co giật|ألم (?:في|ب)(?:ال)?صدر|تشنج|ما (?:زال|يصحى|يصحو)|ضيق (?:في )?التنفس|"
               r"\blaabta\b.*\bxanuun|\bneefta (?:way|ayaa) (?:igu|ku) adag|抽搐|叫不醒|胸痛"),
]
#: A symptom happening now, or whether to seek emergency care for one: urgent even inside a TMS question
#: ("having chest pain right now, just finished session 14"), unlike "do I go to the hospital for TMS?".
_ASK_EMERGENCY = [
    re.compile(r"\b(?:do|should|does) (?:i|we|he|she|they) (?:need to |have to )?(?:go to|call|visit|need)\b.*"
               r"\b(?:er|e\.r\.|emergency|ambulance)\b"),
    re.compile(r"\bis (?:this|that|it) (?:an? )?(?:medical )?emergency\b"),
    re.compile(r"\b(?:dolor (?:fuerte )?(?:en el|de) pecho|me duele (?:mucho |much[ií]simo )?el pecho|me falta el aire|"
               r"no puedo respirar|me desmay[eé]|convulsi[oó]n|cara ca[ií]da|"
               r"no puede hablar)\b"),
    # Portuguese: chest pain, breathing, fainting, a seizure, a drooping mouth or lost speech
    re.compile(r"\b(?:dor no peito|n[ãa]o consigo respirar|desmai(?:ou|ei)|convuls[ãa]o|boca (?:ficou )?torta|"
               r"n[ãa]o consegue falar)\b"),
    re.compile(r"\b(?:debo|tengo que|necesito|hay que) (?:ir a |ir al |llamar a(?:l)? ?)(?:urgencias|emergencias|la sala de "
               rf"emergencias|el hospital|hospital|una ambulancia|{_EMERGENCY})\b|\bse desmay[oó]\b"),
]
URGENT_NOW = [*URGENT[2:], *_ASK_EMERGENCY]
_ANY_URGENT = [*URGENT, *_ASK_EMERGENCY]
#: A general question about TMS and medicines or symptoms, not about the asker's own: never declined here.
_GENERAL = re.compile(r"\b(?:in general|generally|usually|most people|people on|patients)\b")


def is_personal_advice(text: str) -> bool:
    lowered = text.lower().replace("’", "'")
    if _GENERAL.search(lowered):
        return False
    return any(p.search(lowered) for p in ADVICE)


def is_urgent(text: str) -> bool:
    return _matches(text, _ANY_URGENT)


def is_urgent_now(text: str) -> bool:
    return _matches(text, URGENT_NOW)


def _matches(text: str, patterns: Sequence[re.Pattern[str]]) -> bool:
    lowered = text.lower().replace("’", "'")
    return any(p.search(lowered) for p in patterns)
