"""The domain's own words: what a message may say and still be about our groups.

The classifier's "unknown words" gate reads a message made mostly of words no intent
example uses as out of scope. Members who ask about the groups often bring words from
their own life and from the clinic's field that no example happens to use ("my cousin
died by suicide, is there a group for family members"). Those words are in the domain
by definition, so they never count as unknown: the topics' descriptions (read from the
knowledge base by the classifier) and this list of clinical, emotional and family words.
Function words ("but", "ago", "she") carry no topic of their own and never count either.
"""

from __future__ import annotations

from typing import Final

#: Clinical and emotional vocabulary, feelings, people in a member's life, and therapy words.
CLINICAL: Final = frozenset("""
    suicide suicidal self harm harmed harming cutting cut overdose overdosed attempt attempted
    died dead death die dying killed passed loss lost grieve grieving widow widowed widower
    emotion emotions emotional feelings feeling feel felt mood moods moody stress stressed
    stressful burnout burned burnt exhausted overwhelmed lonely loneliness isolated alone
    cope coping struggle struggling struggles hard difficult heal healing recovery recover
    mental health wellbeing wellness therapy therapist therapists counseling counselling
    counselor counsellor psychologist psychiatrist clinician diagnosis diagnosed disorder
    symptoms medication meds trauma traumatic abuse abused addiction sober sobriety relapse
    eating insomnia sleep adhd autism bipolar schizophrenia postpartum phobia phobias
    intrusive thoughts urges triggered trigger triggers flashbacks nightmares
    family families relative relatives parent parents mom mum mother dad father son daughter
    child children kid kids teen teenager brother sister sibling siblings cousin uncle aunt
    nephew niece grandma grandpa grandmother grandfather husband wife spouse boyfriend
    girlfriend fiance friend friends roommate coworker colleague patient patients client clients
    support supportive safe safety confidential private secret judged judge shame ashamed
    nurse paramedic counselor teacher social worker doctor
""".split())

#: English function words: never a sign that a message is about something else.
FUNCTION: Final = frozenset("""
    a an the and or but so if then than because since until while when where why how what
    which who whom whose that this these those there here it its i me my mine myself you your
    yours he him his she her hers they them their we us our ours am is are was were be been
    being have has had having do does did doing will would shall should can could may might
    must not no nor too very just also only even still yet ago already again ever never
    about above after against along among around at before behind below between by down
    during for from in inside into near of off on onto out over past through to toward under
    up upon with within without anymore any some all each every both either neither few more
    most other another such own same much many lot lots kind sort really pretty quite maybe
    ok okay oh well like get got gets getting go going gone went make made thing things stuff
    guys guy tbh ngl honestly actually exactly usually basically literally seriously um uh hmm
    yeah yea lol haha anyway anyways wait hold
""".split())


#: Everyday things the bot is not about: apps and services, travel, food, cars, home,
#: money outside our fees, shopping, weather, sports and entertainment, languages. One of
#: them in a short request ("delete my linkedin", "move my flight", "join the army") is
#: what the request is about, so it reads as out of scope. The words of our own domain
#: (examples, concepts, clinical words) always win over this list.
FOREIGN: Final = frozenset("""
    linkedin instagram facebook twitter tiktok snapchat youtube netflix spotify hulu disney
    uber lyft doordash grubhub instacart airbnb amazon ebay etsy gmail outlook excel whatsapp
    telegram reddit pinterest tinder bumble hinge pandora icloud itunes xbox playstation nintendo
    flight flights airline airlines airport plane train trains bus subway hotel motel cruise
    passport luggage baggage trip ticket tickets tour rental
    pizza pasta lasagna recipe recipes bake baking boil cook cooking chicken egg eggs dinner
    lunch breakfast restaurant restaurants sushi burger coffee cake cookies groceries grocery
    car cars truck tire tires engine mechanic dmv parking gas highway traffic drive driving
    electric electricity utilities moon
    plumber sink toilet roof lawn ants furniture landlord mortgage
    bank loan loans debt stock stocks bitcoin crypto taxes tax savings invest investing
    package shipping delivery walmart costco target shoes clothes jacket dress
    weather rain snow forecast temperature sunny humid
    game games score football basketball baseball soccer hockey nfl nba yankees lakers movie
    movies concert song songs music podcast marathon gym workout army navy marines election vote
    mountain president capital population spell spelling math equation homework dictionary
    password wifi router printer iphone android
    japanese italian french german chinese korean portuguese arabic russian hindi
    dog dogs cat cats puppy kitten pet pets vet
    miles mile km kilometers kilometres pounds kg kilograms ounces ounce cups inches feet
    meters metres euros euro yen pesos celsius fahrenheit gallons liters litres
""".split())
