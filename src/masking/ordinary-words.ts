// Generated word list; see the header of name-dictionary.ts for how.
// The 12000 most frequent English words (wordfreq, `en`) that are also lower-case entries of the
// Debian `wamerican` word list, minus the unambiguous names of name-dictionary.ts. The name
// detector uses it to tell a capitalised ordinary word ("Education", "Follow") from an unknown
// name; it is never a reason to mask anything.

/** Separated by blanks and line breaks, lower case, sorted. */
export const ORDINARY_WORDS: string =
`abandon abandoned abbey abdomen abdominal abducted abide abilities ability able abnormal aboard abolished
aboriginal abortion abortions about above abroad abruptly absence absent absolute absolutely absorb absorbed
absorption abstract absurd abundance abundant abuse abused abuses abusing abusive academia academic academics
academy accelerate accelerated acceleration accent accents accept acceptable acceptance accepted accepting
accepts access accessed accessible accessories accessory accident accidental accidentally accidents acclaimed
accommodate accommodation accompanied accompany accompanying accomplish accomplished accomplishment
accomplishments accord accordance according accordingly account accountability accountable accountant
accounted accounting accounts accreditation accredited accumulated accumulation accuracy accurate accurately
accusation accusations accuse accused accusing accustomed ace achieve achieved achievement achievements
achieving acid acids acknowledge acknowledged acknowledges acknowledging acne acoustic acquaintance acquire
acquired acquiring acquisition acquisitions acre acres across act acted acting action actions activate
activated activation active actively activism activist activists activities activity actor actors actress
acts actual actually acute ad adapt adaptation adapted adapter adaptive add added addict addicted addiction
addictive adding addition additional additionally additions address addressed addresses addressing adds
adequate adequately adhere adjacent adjust adjustable adjusted adjusting adjustment adjustments admin
administer administered administration administrative administrator administrators admiral admiration admire
admired admission admissions admit admits admitted admittedly admitting adobe adolescent adolescents adopt
adopted adopting adoption adorable adore adrenaline ads adult adulthood adults advance advanced advancement
advances advancing advantage advantages advent adventure adventures adverse advertise advertised
advertisement advertisements advertisers advertising advice advise advised adviser advisers advising advisor
advisors advisory advocacy advocate advocated advocates advocating aerial aerospace aesthetic aesthetics
affair affairs affect affected affecting affection affects affiliate affiliated affiliates affiliation
affinity affirmative afford affordable afghan aforementioned afraid after aftermath afternoon afterward
afterwards again against age aged agencies agency agenda agent agents ages aggregate aggression aggressive
aggressively aging ago agony agree agreed agreeing agreement agreements agrees agricultural agriculture ah
aha ahead aid aide aided aids aim aimed aiming aims air airborne aircraft aired airing airline airlines
airplane airport airports airways aisle akin alarm alarming alarms alas albeit album albums alcohol alcoholic
ale alert alerts algae algebra algorithm algorithms alien aliens align aligned alignment alike alive all
allegations alleged allegedly allegiance allergic allergies allergy alleviate alley alliance alliances allied
allies allocated allocation allow allowance allowed allowing allows alloy ally almighty almond almost alone
along alongside alpha alphabet alpine already alright also alt altar alter alterations altered altering
alternate alternative alternatively alternatives although altitude altogether aluminum alumni always am
amateur amazed amazing amazingly amazon ambassador ambassadors amber ambient ambiguous ambition ambitions
ambitious ambulance ambush amen amend amended amendment amendments amenities amid amidst amino ammunition
amnesty among amongst amount amounted amounts amp ample amused amusement amusing an anal analog analogy
analyses analysis analyst analysts analytical analyze analyzed analyzing anarchy anatomy ancestors anchor
ancient and android angel angels anger angle angles angry animal animals animated animation anime ankle
anniversary announce announced announcement announcements announcer announces announcing annoyed annoying
annual annually anonymous another answer answered answering answers ant antarctic antenna anthem anthropology
anti antibiotics antibodies anticipate anticipated anticipation antique ants anxiety anxious any anybody
anymore anyone anything anytime anyway anywhere apart apartheid apartment apartments apex apocalypse
apologies apologize apologized apology app apparatus apparel apparent apparently appeal appealed appealing
appeals appear appearance appearances appeared appearing appears appetite applause apple apples appliances
applicable applicant applicants application applications applied applies apply applying appoint appointed
appointment appointments appreciate appreciated appreciation apprentice approach approached approaches
approaching appropriate appropriately approval approve approved approximate approximately apps apt aquarium
aquatic arbitrary arbitration arc arcade arch archaeological archaeology archbishop archer architect
architects architectural architecture archive archives arctic are area areas arena arguably argue argued
argues arguing argument arguments arise arises arising ark arm armed armies armor armored arms army arose
around arrange arranged arrangement arrangements arranging array arrest arrested arrests arrival arrive
arrived arrives arriving arrogance arrogant arrow arrows arsenal art artery arthritis article articles
articulate artifacts artificial artillery artist artistic artists arts artwork as asbestos ash ashamed ashes
ashore aside ask asked asking asks asleep aspect aspects asphalt aspirations aspiring ass assassin
assassination assault assaulted assemble assembled assembly assert asserted assertion asses assess assessed
assessing assessment assessments asset assets asshole assholes assign assigned assignment assignments assist
assistance assistant assistants assisted assisting assists associate associated associates association
associations assume assumed assumes assuming assumption assumptions assurance assure assured asteroid asthma
astonishing astronaut astronomy asylum at ate atheist athlete athletes athletic athletics atlas atmosphere
atmospheric atom atomic atoms atop atrocities attach attached attachment attack attacked attacker attacking
attacks attain attained attempt attempted attempting attempts attend attendance attendant attended attending
attention attic attitude attitudes attorney attorneys attract attracted attracting attraction attractions
attractive attracts attribute attributed attributes auburn auction audience audiences audio audit audition
august aunt aura authentic authenticity author authoritarian authorities authority authorization authorized
authors autism auto autobiography automated automatic automatically automation automobile automotive
autonomous autonomy autopsy autumn auxiliary avail availability available avatar avengers avenue average
averaged averages averaging aviation avoid avoidance avoided avoiding aw await awaited awaiting awaits awake
awakening award awarded awards aware awareness away awe awesome awful awhile awkward axe axis ay aye babe
babies baby bachelor back backbone backdrop backed background backgrounds backing backlash backpack backs
backstage backup backward backwards backyard bacon bacteria bacterial bad badge badly bag baggage bags bail
bait bake baked baker bakery baking balance balanced balances balancing balcony bald bale ball ballet balloon
balloons ballot ballots ballroom balls bamboo ban banana bananas band bands bandwidth bang banging bank
banker bankers banking bankrupt bankruptcy banks banned banner banners banning banquet bans baptism baptist
bar barbecue bare barely bargain bargaining bark barn baron barracks barred barrel barrels barrier barriers
bars base baseball based baseline basement bases bash basic basically basics basil basin basis basket
basketball bastard bastards bat batch bath bathing bathroom bathrooms baths baton bats battalion batter
batteries battery batting battle battlefield battles battling bay be beach beaches beacon beads beam beams
bean beans bear bearing bearings bears beast beasts beat beaten beating beats beautiful beautifully beauty
beaver became because become becomes becoming bed bedroom bedrooms beds bedtime bee beef been beer beers bees
beetle before beforehand beg began begged begging begin beginner beginners beginning beginnings begins begun
behalf behave behaved behavior behavioral behind behold being beings belief beliefs believe believed believer
believers believes believing bell belle bells belly belong belonged belonging belongings belongs beloved
below belt belts bench benchmark bend bending beneath beneficial benefit benefited benefits bent berries
berry beside besides best bet beta betrayal betrayed bets better betting between beverage beverages beware
beyond bias biased bible biblical bibliography bicycle bid bidding bids big bigger biggest bike bikes bikini
bilateral bilingual bill billboard billed billing billion billionaire billions bills bin binary bind binding
binge bingo biography biological biology bipolar bird birds birth birthday births biscuits bisexual bishop
bishops bit bitch bitches bitcoin bite bites biting bits bitter bizarre black blackberry blackout blacks
bladder blade blades blah blame blamed blames blaming blank blanket blankets blast blasting blaze bleed
bleeding blend bless blessed blessing blessings blew blind blink bliss blitz blizzard bloc block blockade
blockchain blocked blocking blocks blog blogger bloggers blogging blogs blond blonde blood bloody bloom
blossom blow blowing blown blows blue blues bluff blunt blur blush blvd board boarding boards boasts boat
boats bob bodies bodily body boil boiled boiler boiling bold bolt bolts bomb bombed bomber bombers bombing
bombings bombs bond bonded bonding bonds bone bones bonus bonuses boo boobs boogie book booked booking
booklet books boom boost booster boosting boot booth boots booty booze border borders bore bored boring born
borne borough borrow borrowed borrowing boss bosses bot both bother bothered bothering bothers bottle bottles
bottom bottoms bought boulder boulevard bounce bouncing bound boundaries boundary bounds bounty bourbon bout
boutique bow bowel bowl bowling bowls box boxer boxes boxing boy boycott boyfriend boys bra brace bracelet
bracket brackets brain brains brake brakes branch branches brand branded branding brands brass brave bravery
braves brawl breach bread break breakdown breaker breakfast breaking breaks breakthrough breakup breast
breasts breath breathe breathing breathtaking bred breed breeding breeds breeze brew brewers brewery brewing
brick bricks bride bridge brief briefing briefly brigade bright brighter brightest brightness brilliant bring
bringing brings broad broadband broadcast broadcaster broadcasting broader broadly broke broken broker
brokers broncos bronze brook brooks brother brotherhood brothers brought brow brown browns browse browser
browsing bruins brush brushed brushes brutal brutality brutally bubble bubbles buck bucket bucks bud buddies
buddy budget budgets buds buff buffalo buffer buffet bug bugs build builder builders building buildings
builds built bulb bulbs bulk bull bulldogs bullet bulletin bullets bullied bulls bullshit bully bullying bum
bump bumper bumps bun bunch bundle bundles bunker bunny burden bureau bureaucracy burger burgers burial
buried burn burned burner burning burnt burst bury bus buses bush bushes business businesses businessman
businessmen bust busted busy but butcher butt butter butterflies butterfly button buttons butts buy buyer
buyers buying buys buzz buzzing by bye bypass ca cab cabbage cabin cabinet cable cables cache caffeine cage
cake cakes cal calcium calculate calculated calculating calculation calculations calculator calculus calendar
calf caliber calif call called caller calling calls calm calmly calorie calories cam came camel camera
cameras camp campaign campaigning campaigns camping camps campus campuses can canal cancel canceled
cancellation cancelled cancer cancers candidate candidates candle candles candy cane cannabis canned cannon
cannot canon canopy cans cant canton canvas canyon cap capabilities capability capable capacity cape capital
capitalism capitalist capitals capitol capped caps capsule captain captains caption captive captivity capture
captured captures capturing car caravan carbon card cardboard cardiac cardinal cardinals cardiovascular cards
care cared career careers careful carefully careless cares cargo caring carnival carol carpet carriage
carried carrier carriers carries carrot carrots carry carrying cars cart cartel cartoon cartoons cartridge
carved case cases cash cashier casino cast caste casting castle casts casual casually casualties casualty cat
catalog catalogue catalyst catastrophe catastrophic catch catcher catches catching categories category cater
catering cathedral catholic cats cattle caucus caught cause caused causes causing caution cautious cavalry
cave caves cavity cc cease ceased cedar ceiling celebrate celebrated celebrates celebrating celebration
celebrations celebrities celebrity celestial cell cellar cells cellular cement cemetery censorship census
cent center centered centers central cents centuries century ceramic cereal cerebral ceremonies ceremony
certain certainly certainty certificate certificates certification certified cf ch chain chains chair
chairman chairs chalk challenge challenged challenger challenges challenging chamber chamberlain chambers
champ champagne champion champions championship championships champs chance chancellor chances chandler
change changed changes changing channel channels chant chanting chaos chaotic chap chapel chapter chapters
character characteristic characteristics characterization characterized characters charcoal charge charged
charger chargers charges charging charitable charities charity charm charming charms chart charter chartered
charts chase chased chasing chassis chat chatting cheap cheaper cheapest cheat cheated cheating check checked
checking checkout checks cheek cheeks cheer cheerful cheering cheers cheese cheesy chef chefs chemical
chemicals chemistry chemotherapy cherish cherry chess chest chew chewing chi chic chick chicken chickens
chicks chief chiefs child childhood childish children chile chili chill chilling chimney chin china chip
chips chocolate choice choices choir choke choked choking cholesterol choose chooses choosing chop chopped
chord chores chorus chose chosen chrome chronic chronicle chronicles chuck chuckle chunk church churches
cigar cigarette cigarettes cinema cinemas cinematic cinnamon circa circle circles circuit circuits circular
circulated circulating circulation circumstance circumstances circus cis citation citations cite cited cites
cities citing citizen citizens citizenship citrus city civic civil civilian civilians civilization civilized
clad claim claimed claiming claims clan clap clarification clarify clarity clash clashes class classes
classic classical classics classification classified classmates classroom classrooms classy clause claw claws
clay clean cleaned cleaner cleaning cleansing clear clearance cleared clearer clearing clearly clears clergy
clerk clever click clicked clicking clicks client clients cliff cliffs climate climax climb climbed climbing
clinic clinical clinics clip clippers clips cloak clock clocks clone close closed closely closer closes
closest closet closing closure cloth clothes clothing cloud clouds cloudy clown club clubs clue clues cluster
clusters clutch cm coach coached coaches coaching coal coalition coast coastal coaster coat coated coating
coats cocaine cock cockpit cocktail cocktails cocoa coconut cod code coded codes coding coffee coffin
cognitive coherent coil coin coincidence coins coke col cola cold colder collaboration collaborative collapse
collapsed collar collateral colleague colleagues collect collected collecting collection collections
collective collectively collector collectors collects college colleges collision cologne colonel colonial
colonies colony color colored colorful coloring colors colt colts column columnist columns coma comb combat
combination combinations combine combined combines combining combo combustion come comeback comedian comedy
comes comet comfort comfortable comfortably comforting comfy comic comics coming command commanded commander
commanders commanding commands commence commenced comment commentary commentator commentators commented
commenting comments commerce commercial commercially commercials commission commissioned commissioner
commissioners commissions commit commitment commitments committed committee committees committing commodities
commodity common commonly commons commonwealth communal communicate communicated communicating communication
communications communion communism communist communists communities community commute compact companies
companion companions company comparable comparative compare compared compares comparing comparison
comparisons compartment compass compassion compassionate compatibility compatible compelled compelling
compensate compensation compete competence competent competing competition competitions competitive
competitor competitors compilation compiled complain complained complaining complaint complaints complement
complementary complete completed completely completes completing completion complex complexes complexity
compliance complicated complications compliment compliments comply component components composed composer
composite composition compositions compound compounds comprehend comprehension comprehensive compressed
compression comprise comprised comprises comprising compromise compromised compulsory computational computer
computers computing comrade comrades con conceal concealed conceded conceived concentrate concentrated
concentrating concentration concentrations concept conception concepts conceptual concern concerned
concerning concerns concert concerts concession concessions conclude concluded concludes concluding
conclusion conclusions concrete concussion condemn condemnation condemned condition conditional conditioned
conditioning conditions condo condolences condom condoms conduct conducted conducting conductor cone
confederate conference conferences confess confessed confession confessions confidence confident confidential
configuration confined confirm confirmation confirmed confirming confirms conflict conflicting conflicts
conform confront confrontation confronted confuse confused confusing confusion congestion congratulate
congratulations congregation congress congressional congressman conjunction connect connected connecting
connection connections connectivity connects conquer conquered conquest cons conscience conscious
consciousness consecutive consensus consent consequence consequences consequently conservation conservative
conservatives consider considerable considerably consideration considerations considered considering
considers consist consisted consistency consistent consistently consisting consists consolation console
consoles consolidated consolidation consortium conspiracy constable constant constantly constituency
constituent constituents constitute constituted constitutes constitution constitutional constraints construct
constructed constructing construction constructive consul consulate consult consultant consultants
consultation consulted consulting consume consumed consumer consumers consuming consumption contact contacted
contacting contacts contagious contain contained container containers containing contains contaminated
contamination contemplating contemporary contempt contend contender content contention contents contest
contestants contested contests context contexts continent continental continents contingent continually
continuation continue continued continues continuing continuity continuous continuously contract contracted
contracting contractor contractors contracts contrary contrast contribute contributed contributes
contributing contribution contributions contributor contributors control controlled controller controllers
controlling controls controversial controversy convenience convenient conveniently convention conventional
conventions conversation conversations conversely conversion convert converted convertible converting
converts convey convict convicted conviction convictions convince convinced convincing convoy cook cooked
cookie cookies cooking cooks cool cooled cooler coolest cooling cooper cooperate cooperation cooperative
coordinate coordinated coordinates coordinating coordination coordinator cop cope copied copies coping copper
cops copy copying copyright coral cord core cores cork corn corner corners corp corporal corporate
corporation corporations corps corpse corpus correct corrected correction corrections correctly correlation
correspondence correspondent corresponding corresponds corridor corrupt corruption cortex cosmetic cosmetics
cosmic cost costing costly costs costume costumes cottage cotton couch cough could council councillor
councils counsel counseling counselor count countdown counted counter counterpart counterparts counters
countess counties counting countless countries country countryside counts county coup couple coupled couples
coupon coupons courage courageous courier course courses court courtesy courthouse courtroom courts courtyard
cousin cousins cove covenant cover coverage covered covering covers covert cow coward cowboy cowboys cows
cozy crab crack cracked cracking cracks craft crafted crafts crane crank crap crash crashed crashes crashing
crater craving crawl crawling crazy cream create created creates creating creation creations creative
creativity creator creators creature creatures credentials credibility credible credit credited creditors
credits creed creek creep creeping creepy crescent crest crew crews cricket cried cries crime crimes criminal
criminals crimson cringe crises crisis crisp criteria critic critical critically criticism criticisms
criticize criticized criticizing critics critique crooked crop crops cross crossed crosses crossing crossover
crow crowd crowded crowds crown crowned crucial crude cruel cruelty cruise cruiser cruising crunch crusade
crush crushed crushing crust cry crying crystal crystals cs ct cu cube cubic cubs cue cues cuisine culinary
cult cultivated cultivation cultural culturally culture cultures cum cumulative cunt cup cups curator curb
cure cured curiosity curious curl curly currencies currency current currently currents curriculum curse
cursed curtain curtains curve curved curves cushion custody custom customary customer customers customs cut
cute cuts cutter cutting cycle cycles cycling cyclist cyclists cylinder cynical dad daddy dads dagger daily
dairy daisy dale dam damage damaged damages damaging dame damn damned damp dams dance danced dancer dancers
dances dancing danger dangerous dangers dare dared daring dark darker darkest darkness darling darn dart dash
data database databases date dated dates dating daughter daughters dawn day daylight days daytime dd dead
deadline deadly deaf deal dealer dealers dealing dealings deals dealt dean dear death deaths debate debated
debates debating debit debris debt debts debut debuted decade decades decay deceased decent deception decide
decided decides deciding decision decisions decisive deck decks declaration declare declared declares
declaring decline declined declines declining decor decorated decoration decorations decorative decrease
decreased decreases decreasing decree dedicated dedication deed deeds deemed deep deeper deepest deeply deer
default defeat defeated defeating defeats defect defective defects defend defendant defendants defended
defender defenders defending defends defense defenses defensive deferred deficiency deficit define defined
defines defining definite definitely definition definitions definitive degradation degree degrees deity delay
delayed delays delegate delegates delegation delete deleted deliberate deliberately delicate delicious
delight delighted delightful deliver delivered deliveries delivering delivers delivery dell delta deluxe
demand demanded demanding demands dementia demise demo democracy democrat democratic democrats demographic
demographics demolished demolition demon demons demonstrate demonstrated demonstrates demonstrating
demonstration demonstrations den denial denied denies denim dense density dent dental dentist deny denying
depart departed departing department departments departure depend dependence dependency dependent depending
depends depicted depicting depicts deploy deployed deployment deportation deported deposit deposited deposits
depot depressed depressing depression deprived dept depth depths deputies deputy derby derivative derivatives
derived descendants descended descent describe described describes describing description descriptions
descriptive desert deserted deserve deserved deserves deserving design designated designation designed
designer designers designing designs desirable desire desired desires desk desktop despair desperate
desperately desperation despite dessert destination destinations destined destiny destroy destroyed
destroying destroys destruction destructive detached detail detailed detailing details detained detect
detected detecting detection detective detectives detector detention determination determine determined
determines determining detrimental devastated devastating develop developed developer developers developing
development developmental developments develops device devices devil devils devised devote devoted devotion
dew diabetes diagnosed diagnosis diagnostic diagram dial dialect dialogue diameter diamond diamonds diaries
diarrhea diary dice dick dicks dictate dictator dictatorship dictionary did die died dies diesel diet dietary
diets differ difference differences different differential differentiate differently differing differs
difficult difficulties difficulty dig digest digging digit digital digits dignity dilemma dim dime dimension
dimensional dimensions diminished din ding dining dinner dinners dinosaur dinosaurs dioxide dip diploma
diplomacy diplomat diplomatic diplomats dipped dire direct directed directing direction directions directive
directly director directors directory directs dirt dirty dis disabilities disability disable disabled
disadvantage disagree disagreement disappear disappearance disappeared disappearing disappears disappoint
disappointed disappointing disappointment disaster disasters disastrous disc discarded discharge discharged
disciples disciplinary discipline disciplines disclose disclosed disclosure disco discomfort disconnected
discontinued discount discounted discounts discourage discouraged discourse discover discovered discoveries
discovering discovers discovery discrete discretion discrimination discs discuss discussed discusses
discussing discussion discussions disease diseases disgrace disguise disguised disgust disgusted disgusting
dish dishes disk dislike dismiss dismissal dismissed disorder disorders dispatch dispatched displaced
displacement display displayed displaying displays disposable disposal dispose disposed dispute disputed
disputes disregard disrespect disrespectful disrupt disruption dissent dissertation dissolution dissolved
distance distances distant distinct distinction distinctive distinctly distinguish distinguished distorted
distortion distract distracted distraction distress distressed distribute distributed distributing
distribution distributor distributors district districts disturb disturbance disturbed disturbing ditch dive
divers diverse diversity divide divided dividend dividends dividing divine diving division divisions divorce
divorced do doc dock docks doctor doctoral doctors doctrine document documentary documentation documented
documents dodge dodgers doe does dog dogs doing doll dollar dollars dolls dolphin dolphins domain domains
dome domestic dominance dominant dominate dominated dominating domination dominion don donate donated
donating donation donations done donkey donor donors doom doomed door doors dope dorm dos dose doses dot dots
double doubled doubles doubling doubt doubts dough dove down downfall downhill download downloaded
downloading downloads downs downstairs downstream downtown downward dozen dozens draft drafted drafting
drafts drag dragged dragging dragon dragons drain drainage drained draining drains drake drama dramas
dramatic dramatically drank drastic drastically draw drawer drawing drawings drawn draws dread dreadful dream
dreamed dreaming dreams dress dressed dresses dressing drew dried drift drifting drill drilling drills drink
drinking drinks drip drive driven driver drivers drives driveway driving drone drones drop dropped dropping
drops drought drove drown drowned drowning drug drugs drum drummer drums drunk drunken dry dryer drying dual
dub dubbed duchess duck ducks duct dude dudes due duel dug duh duke dull dumb dummy dump dumped dumping
dungeon dunk dunno duo duplicate durable duration during dust dusty duties duty dwarf dwell dwelling dye
dying dynamic dynamics dynamite dynasty ea each eager eagle eagles ear earlier earliest early earn earned
earnest earning earnings earns earrings ears earth earthquake earthquakes ease easier easiest easily east
eastern easy eat eaten eating eats eccentric echo echoes eclipse ecological ecology economic economical
economically economics economies economist economists economy ecosystem edge edged edges edible edit edited
editing edition editions editor editorial editors eds educate educated educating education educational
educator educators effect effective effectively effectiveness effects efficacy efficiency efficient
efficiently effort efforts egg eggs ego eh eight eighteen eighth eighty either elaborate elastic elbow elder
elderly elders eldest elect elected election elections electoral electorate electric electrical electricity
electromagnetic electron electronic electronics electrons elegant element elementary elements elephant
elephants elevated elevation elevator eleven elf eligibility eligible eliminate eliminated eliminating
elimination elite elites else elsewhere em email emails embarrassed embarrassing embarrassment embassy
embedded emblem embrace embraced embracing emerald emerge emerged emergence emergencies emergency emerges
emerging eminent emirates emission emissions emotion emotional emotionally emotions empathy emperor emphasis
emphasize emphasized empire empirical employ employed employee employees employer employers employing
employment employs empowered empowerment empty enable enabled enables enabling enacted enclosed enclosure
encounter encountered encounters encourage encouraged encouragement encourages encouraging encryption end
endangered endeavor ended ending endings endless endorse endorsed endorsement ends endurance endure endured
enduring enemies enemy energetic energies energy enforce enforced enforcement enforcing engage engaged
engagement engaging engine engineer engineered engineering engineers engines enhance enhanced enhancement
enhancing enjoy enjoyable enjoyed enjoying enjoyment enjoys enlarged enlightenment enlisted enormous enough
enrolled enrollment ensemble ensuing ensure ensured ensures ensuring enter entered entering enterprise
enterprises enters entertain entertained entertaining entertainment enthusiasm enthusiastic enthusiasts
entire entirely entirety entities entitled entitlement entity entrance entrepreneur entrepreneurs entries
entry envelope environment environmental environments envy enzyme enzymes epic epidemic episode episodes
equal equality equally equals equation equations equilibrium equipment equipped equity equivalent era erase
erected erosion erotic error errors es escape escaped escapes escaping escort esp especially essay essays
essence essential essentially essentials est establish established establishing establishment establishments
estate estates esteem estimate estimated estimates etc eternal eternity ethic ethical ethics ethnic ethnicity
euro euros evacuate evacuated evacuation evaluate evaluated evaluating evaluation evangelical eve even
evening evenings evenly event events eventual eventually ever every everybody everyday everyone everything
everywhere evidence evident evidently evil evolution evolutionary evolve evolved evolving ex exact exactly
exaggerated exam examination examinations examine examined examines examining example examples exams exceed
exceeded exceeding exceeds excel excellence excellent except exception exceptional exceptionally exceptions
excess excessive exchange exchanged exchanges excited excitement exciting exclude excluded excluding
exclusion exclusive exclusively excuse excuses execute executed executing execution executive executives
exempt exemption exercise exercises exercising exhaust exhausted exhausting exhibit exhibited exhibition
exhibitions exhibits exile exist existed existence existing exists exit exits exodus exotic expand expanded
expanding expands expansion expect expectation expectations expected expecting expects expedition expelled
expenditure expense expenses expensive experience experienced experiences experiencing experiment
experimental experimenting experiments expert expertise experts expire expired explain explained explaining
explains explanation explanations explicit explicitly explode exploded exploding exploit exploitation
exploited exploits exploration explore explored explorer explores exploring explosion explosions explosive
explosives expo export exported exports expose exposed exposing exposition exposure express expressed
expresses expressing expression expressions exquisite extend extended extending extends extension extensions
extensive extensively extent exterior external extinct extinction extra extract extracted extraction
extraordinary extras extreme extremely eye eyebrows eyed eyes fa fabric fabrics fabulous face faced faces
facial facilitate facilities facility facing fact faction factions factor factories factors factory facts
factual faculty fade faded fading fail failed failing fails failure failures faint fair fairly fairness fairy
faith faithful fake falcon falcons fall fallen falling fallout falls false falsely fame famed familiar
families family famine famous fan fancy fans fantasies fantastic fantasy far fare fares farewell farm farmers
farming farms fart farther fascinated fascinating fascism fascist fashion fashionable fashioned fast faster
fastest fasting fat fatal fate father fathers fatigue fats fatty fault faults faulty favor favorable favored
favorite favorites favors fax fear feared fearful fearing fearless fears feasible feast feat feather feathers
feature featured features featuring fed federal federation fee feed feedback feeding feeds feel feeling
feelings feels fees feet fell fellow fellows fellowship felony felt female females feminine feminism feminist
feminists fence fences fencing ferry fertile fertility fest festival festivals festive fetch fetish fetus
feud fever few fewer fiat fiber fibers fiction fictional field fields fierce fiery fifteen fifth fifty fig
fight fighter fighters fighting fights figure figured figures figuring file filed files filing fill filled
filling fills film filmed filming filmmaker films filter filtering filters filthy fin final finale finalists
finally finals finance financed finances financial financially financing finch find finding findings finds
fine fined fines finest finger fingers finish finished finishes finishing finite fire firearm firearms fired
firefighters fireplace fires fireworks firing firm firmly firms first firstly fiscal fish fisher fisheries
fishermen fishing fist fit fitness fits fitted fitting five fix fixed fixes fixing fixture fixtures fl flag
flags flagship flair flame flames flank flare flash flashes flashing flat flats flavor flavors flaw flawed
flawless flaws fled flee fleeing fleet flesh flew flex flexibility flexible flick flies flight flights flint
flip flipped flipping flirting float floating flock flood flooded flooding floods floor floors flop flora
floral flour flourish flow flower flowering flowers flowing flown flows flu fluffy fluid fluids flush flux
fly flyer flyers flying foam focal focus focused focuses focusing fog foil fold folded folder folding folk
folks follow followed follower followers following follows fond font food foods fool fooled foolish fools
foot footage football footballer footsteps for forbid forbidden force forced forces forcing ford forecast
forecasts forehead foreign foreigners foreman foremost forensic forest forestry forests forever forge forged
forget forgetting forgive forgiven forgiveness forgot forgotten fork form formal formally format formation
formations formats formed former formerly formidable forming forms formula fort forth forthcoming fortress
fortunate fortunately fortune fortunes forty forum forums forward forwards fossil fossils foster fought foul
found foundation foundations founded founder founders founding fountain four fourteen fourth fox fr fraction
fracture fractures fragile fragment fragments fragrance frame framed frames framework framing franchise
franchises frank frankly fraternity fraud fraudulent freak freaking freaks free freed freedom freedoms
freelance freely freeman freestyle freeway freeze freezer freezing freight french frequencies frequency
frequent frequently fresh freshly freshman friction fridge fried friend friendly friends friendship
friendships fries frightened frightening fringe frog frogs from front frontier fronts frost frozen fruit
fruits frustrated frustrating frustration fry ft fuck fucked fucker fucking fucks fuel fueled fuels fugitive
fulfil fulfill fulfilled fulfilling full fully fun function functional functionality functioning functions
fund fundamental fundamentally fundamentals funded funding funds funeral fungus funk funky funniest funny fur
furious furnace furnished furniture furry further furthermore fury fuse fusion fuss future futures fuzzy
gadgets gag gain gained gaining gains gal gala galaxies galaxy gale galleries gallery gallon gallons gamble
gambling game gamer games gaming gamma gang gangs gangster gap gaps garage garbage garden gardening gardens
garlic garment garrison gas gases gasoline gate gates gateway gather gathered gathering gauge gave gay gays
gaze gazette gear geared gears gee geek gel gem gems gen gender gene general generally generals generate
generated generates generating generation generations generator generators generic generosity generous genes
genesis genetic genetically genetics genius genocide genome genre genres gentle gentleman gentlemen gently
genuine genuinely genus geographic geographical geography geological geology geometric geometry gesture
gestures get gets getting ghetto ghost ghosts giant giants gift gifted gifts gig gigantic gigs gimme gin
ginger girl girlfriend girlfriends girls give giveaway given gives giving glacier glad gladly glance glass
glasses glimpse glitter global globally globe glorious glory glove gloves glow glowing glucose glue gluten gm
go goal goalkeeper goals goat goats god goddamn goddess gods goes going gold golden golf gone gonna good
goodbye goodness goodnight goods goodwill goofy google goose gore gorgeous gorilla gosh gospel gossip got
gotta gotten gov govern governance governed governing government governmental governments governor governors
govt gown grab grabbed grabbing grabs grace gracious grad grade grades gradual gradually graduate graduated
graduates graduating graduation graffiti grain grains gram grammar grams grand grandchildren granddaughter
grandfather grandma grandmother grandpa grandparents grandson granite granny grant granted granting grants
grape grapes graph graphic graphics graphs grasp grass grateful gratitude grave gravel graves graveyard
gravity gray grease great greater greatest greatly greatness greed greedy green greenhouse greens greet
greeted greeting greetings grenade grew grey grid grief griffin grill grilled grim grin grind grinding grip
groceries grocery groom groove gross ground grounded grounds group groups grove grow growing grown grows
growth gs guarantee guaranteed guarantees guard guarded guardian guardians guarding guards guess guessed
guessing guest guests guidance guide guided guidelines guides guiding guild guilt guilty guinea guitar
guitarist guitars gulf gum gun gunfire guns guru gut guts guy guys gym gymnastics gypsy ha habit habitat
habits hack hacked hacker hackers hacking had hah hail hair haircut haired hairs hairy hale half halftime
halfway hall halls hallway halo halt ham hamlet hammer hand handbook handed handful handicap handing handle
handled handles handling handmade hands handsome handwriting handy hang hanged hanging hangs happen happened
happening happens happier happiest happily happiness happy harassed harassment harbor hard harder hardest
hardly hardship hardware hardy hare harm harmful harmless harmony harness harsh hart harvest harvested
harvesting has hash hashtag hassle hat hatch hate hated hates hath hating hatred hats haul haunt haunted have
haven having hawk hawks hay hazard hazardous hazards hazel he head headache headaches headed header heading
headline headlines headphones headquarters heads headset heal healed healing health healthcare healthier
healthy heap hear heard hearing hearings hears heart heartbeat heartbreaking hearts heat heated heater heath
heating heaven heavenly heavens heavier heavily heavy heavyweight heck hedge heel heels height heights heir
held helicopter helicopters hell hello helm helmet helmets help helped helpful helping helpless helps
hemisphere hen hence her herald herb herbs herd here hereby herein heritage hero heroes heroic heroin heroine
hers herself hes hesitate hesitation hey hi hid hidden hide hides hiding hierarchy high higher highest
highland highlands highlight highlighted highlighting highlights highly highs highway highways hike hiking
hilarious hill hills him himself hint hints hip hips hire hired hiring his historian historians historic
historical historically histories history hit hits hitting ho hoax hobbies hobby hockey hog hold holder
holders holding holdings holds hole holes holiday holidays hollow holly holocaust holy homage home homecoming
homeland homeless homemade homeowners homes hometown homework homicide homosexual homosexuality honest
honestly honesty honey honeymoon honor honorable honorary honored honors hood hook hooked hooker hooks hop
hope hoped hopeful hopefully hopeless hopes hoping horizon horizontal hormone hormones horn horns horny
horrible horrific horror horse horses hose hospital hospitality hospitals host hostage hostages hosted
hostile hostility hosting hosts hot hotel hotels hotter hottest hour hourly hours house housed household
households houses housing how however hp hr hrs hub hug huge hugely hugs huh hulk hull hum human humane
humanitarian humanities humanity humans humble humidity humiliation humility humor humorous hundred hundreds
hung hunger hungry hunt hunted hunter hunters hunting hurdles hurricane hurricanes hurry hurt hurting hurts
husband husbands hustle hut hybrid hydraulic hydrogen hygiene hymn hype hyped hyper hypocrisy hypothesis
hypothetical ice icon icons icy id idea ideal ideally ideals ideas identical identification identified
identifies identify identifying identities identity ideological ideology idiot idiots idle idol if ignition
ignorance ignorant ignore ignored ignores ignoring ii iii ill illegal illegally illness illnesses illusion
illustrate illustrated illustrates illustration illustrations image imagery images imaginary imagination
imagine imagined imaging imagining immature immediate immediately immense immensely immigrant immigrants
immigration imminent immortal immune immunity impact impacted impacts impaired impairment impatient
impeachment impending imperative imperial implement implementation implemented implementing implication
implications implied implies imply implying import importance important importantly imported imports impose
imposed imposing impossible impress impressed impression impressions impressive imprisoned imprisonment
improper improve improved improvement improvements improves improving impulse in inability inaccurate
inactive inadequate inappropriate inaugural inauguration inc incapable incentive incentives inception inch
inches incidence incident incidents inclined include included includes including inclusion inclusive income
incomes incoming incompetent incomplete inconsistent inconvenience incorporate incorporated incorporates
incorporating incorrect incorrectly increase increased increases increasing increasingly incredible
incredibly incumbent incurred ind indeed indefinitely independence independent independently index indicate
indicated indicates indicating indication indications indicative indicator indicators indictment indigenous
indirect indirectly individual individually individuals indoor indoors induce induced induction indulge
industrial industries industry ineffective inequality inevitable inevitably inexpensive infamous infant
infantry infants infected infection infections infectious inferior infinite infinity inflammation
inflammatory inflation inflicted influence influenced influences influential influx info inform informal
information informative informed informing infrared infrastructure infringement ingredient ingredients
inhabitants inherent inherently inheritance inherited initial initially initiate initiated initiative
initiatives injected injection injured injuries injury injustice ink inland inmate inmates inn inner inning
innings innocence innocent innovation innovations innovative input inputs inquiries inquiry ins insane
insanity inscription insect insects insecure insecurity insert inserted inside insider insight insights
insignificant insist insisted insisting insists inspect inspection inspections inspector inspectors
inspiration inspirational inspire inspired inspiring instability install installation installations installed
installing installment instance instances instant instantly instead instinct instincts institute institutes
institution institutional institutions instructed instruction instructions instructor instructors instrument
instrumental instruments insufficient insulation insulin insult insulting insults insurance insured insurer
int intact intake integral integrate integrated integration integrity intel intellectual intelligence
intelligent intend intended intends intense intensity intensive intent intention intentional intentionally
intentions inter interact interacting interaction interactions interactive intercept intercepted intercourse
interest interested interesting interestingly interests interface interfere interference interfering interim
interior intermediate intern internal internally international internationally internet internship interpret
interpretation interpretations interpreted interpreter interrogation interrupt interrupted intersection
interstate interval intervals intervene intervention interventions interview interviewed interviewing
interviews intimacy intimate intimidating into intricate intriguing intro introduce introduced introduces
introducing introduction intuition intuitive invade invaded invalid invaluable invasion invasive invent
invented invention inventions inventor inventory invest invested investigate investigated investigating
investigation investigations investigative investigator investigators investing investment investments
investor investors invisible invitation invite invited invites inviting involve involved involvement involves
involving ion iris iron ironic ironically irony irrational irregular irrelevant irresponsible irrigation
irritating is island islands isle isles isolate isolated isolation issue issued issues issuing it item items
its itself iv ivory ivy ix jack jacket jackets jade jail jailed jam japan jar jaw jaws jazz jealous jealousy
jeans jeep jelly jerk jersey jerseys jet jets jewel jewelry jewels job jobs jockey join joined joining joins
joint jointly joints joke joker jokes joking jolly josh journal journalism journalist journalists journals
journey journeys joy judge judged judgement judges judging judgment judicial judiciary juice juicy jump
jumped jumper jumping jumps junction jungle junior junk jurisdiction jury just justice justices justification
justified justify juvenile karate karma kc keen keep keeper keeping keeps ken kept kernel kettle key keyboard
keys kg kick kicked kicking kicks kid kidding kidnapped kidnapping kidney kids kill killed killer killers
killing killings kills kilometers kin kind kinda kindergarten kindle kindly kindness kinds king kingdom
kingdoms kings kiss kissed kisses kissing kit kitchen kite kits kitten kitty km knee knees knew knife knight
knights knit knives knock knocked knocking knockout knocks knot knots know knowing knowledge knowledgeable
known knows la lab label labeled labeling labelled labels labor laboratories laboratory labs lace lack lacked
lacking lacks lad ladder laden ladies lads lady lag laid lake lakes lamb lame lamp lamps lance land landed
landing landlord landlords landmark lands landscape landscapes lane lanes language languages lantern lap laps
laptop laptops large largely larger largest larvae laser lasers last lasted lasting lastly lasts late lately
later lateral latest latitude latter laugh laughed laughing laughs laughter launch launched launches
launching laundry laurel lava law lawful lawmakers lawn laws lawsuit lawsuits lawyer lawyers lax lay layer
layers laying layout lays lazy lb lbs lea lead leader leaders leadership leading leads leaf leafs league
leagues leak leaked leaking leaks lean leaning leap learn learned learning learns learnt lease leased leasing
least leather leave leaves leaving lecture lecturer lectures led lee left leftist leg legacy legal legally
legend legendary legends legion legislation legislative legislators legislature legit legitimacy legitimate
legs leisure lemon lend lender lenders lending length lengths lengthy lens lenses lent leopard lesbian
lesbians less lesser lesson lessons lest let lethal lets letter letters letting lettuce level levels lever
leverage liabilities liability liable liaison liar lib liberal liberals liberated liberation libertarian
liberties liberty librarian libraries library licence license licensed licenses licensing lick lid lie lied
lies lieutenant life lifelong lifestyle lifetime lift lifted lifting lifts light lighter lighthouse lighting
lightly lightning lights lightweight like liked likelihood likely likes likewise liking lily limb limbs lime
limestone limit limitation limitations limited limiting limits line linear lined linen liner lines lineup
lingerie linguistic lining link linked linking links lion lions lip lips lipstick liquid liquor list listed
listen listened listeners listening listens listing listings lists lit lite literacy literal literally
literary literature lithium litigation litter little live lived lively liver lives livestock living lizard lo
load loaded loading loads loan loans lobby lobbying lobster local localities locality locally locals locate
located location locations lock locked locker locking locks lodge log logged logging logic logical logistics
logo logos logs lone loneliness lonely long longer longest longevity longtime look looked looking lookout
looks loop loops loose loosely lord lords lore lose loser losers loses losing loss losses lost lot lots
lottery lotus loud louder loudly lounge love loved lovely lover lovers loves loving low lower lowered
lowering lowest loyal loyalty ls luck luckily lucky lucrative luggage lumber lump lunar lunch lung lungs lure
lurking lush lust luxurious luxury lying lyric lyrics ma machine machinery machines macro mad madam madame
made madness magazine magazines magic magical magician magistrate magistrates magnet magnetic magnificent
magnitude maid maiden mail mailing mails main mainland mainly mainstream maintain maintained maintaining
maintains maintenance majestic majesty major majority majors make maker makers makes makeup making malaria
male males malicious mall mama mammals man manage managed management manager managerial managers manages
managing mandate mandated mandatory maneuver manga mango manifest manifesto manipulate manipulated
manipulation mankind manly manner manners manor mans mansion mantle manual manually manufacture manufactured
manufacturer manufacturers manufacturing manuscript manuscripts many map maple mapping maps mar marathon
marble march marched marching mare margin marginal margins maria marijuana marina marine mariners marines
marital maritime mark marked marker markers market marketed marketing marketplace markets marking markings
marks marriage marriages married marrow marry marrying mars marsh marshal mart martial marvel marvelous mas
mascot masculine mash mask masked masks mason mass massacre massage masses massive master mastered
masterpiece masters mastery mat match matched matches matching mate material materials maternal maternity
mates math mathematical mathematics matrix mats matt matter mattered matters mattress mature maturity
maximize maximum may maybe mayor maze me meadow meal meals mean meaning meaningful meaningless meanings means
meant meantime meanwhile measure measured measurement measurements measures measuring meat mechanic
mechanical mechanics mechanism mechanisms med medal medals media median medical medication medications
medicinal medicine medicines medieval meditation medium meet meeting meetings meets meg melody melt meltdown
melted melting member members membership membrane meme memes memo memoir memoirs memorable memorial memories
memory men menace mental mentality mentally mention mentioned mentioning mentions mentor menu merchandise
merchant merchants mercury mercy mere merely merge merged merger merit merits merry mesh mess message
messages messed messenger messiah messing messy met meta metabolic metabolism metal metallic metals metaphor
meteor meter meters methane method methodology methods metric metro metropolis metropolitan mg mi mice mickey
microphone microwave mid middle midlands midnight midst midway might mighty migrant migrants migration mike
mil mild mile mileage miles milestone militant militants military militia milk mill millennium miller million
millionaire millions mills min mind minded minds mine miner mineral minerals miners mines mini miniature
minimal minimize minimum mining minister ministerial ministers ministries ministry minor minorities minority
minors mint minus minute minutes miracle miracles mirror mirrors misconduct miserable misery misleading miss
missed misses missile missiles missing mission missionaries missionary missions mist mistake mistaken
mistakes mister mistress misunderstanding misunderstood misuse mitigate mix mixed mixing mixture ml mm mo mob
mobile mobility mock mocking mod mode model modeling modelling models moderate moderately modern modes modest
modification modifications modified modify module modules moist moisture mold mole molecular molecule
molecules mom moment moments momentum mommy moms monarch monarchy monastery monetary money monitor monitored
monitoring monitors monk monkey monkeys monks mono monopoly monster monsters month monthly months monument
monuments mood moon moonlight moose moral morale morality morally morals more moreover morning mornings
morocco moron mortal mortality mortar mortgage mortgages mosaic mosque mosquito moss most mostly motel mother
motherfucker mothers motion motions motivate motivated motivation motive motives motor motorcycle motors
motto mound mount mountain mountains mounted mounting mourning mouse mouth mouths move moved movement
movements moves movie movies moving mph ms mu much mud muddy mug multi multimedia multinational multiplayer
multiple multitude mum mummy municipal municipalities municipality murder murdered murderer murderers
murdering murders muscle muscles muscular muse museum museums mushroom mushrooms music musical musician
musicians must mustang mustard mutant mutation mutations mute mutual mutually my myself mysteries mysterious
mystery mystic mystical myth mythology myths nail nailed nails naive naked name named namely names naming
nanny nap narrative narratives narrator narrow narrowly nasty nation national nationalism nationalist
nationalists nationality nationally nationals nations nationwide native natives natural naturally nature
naughty nausea naval navigate navigation navy near nearby nearest nearly neat necessarily necessary necessity
neck necklace need needed needing needle needles needless needs needy negative negatively neglect neglected
negligence negotiate negotiated negotiating negotiation negotiations neighbor neighborhood neighborhoods
neighboring neighbors neither neon nephew nerd nerve nerves nervous nest net nets network networking networks
neural neurological neurons neutral neutrality never nevertheless new newborn newer newest newly news
newsletter newspaper newspapers newton next nexus nice nicely nicer niche nick nickel nickname niece nigga
night nightclub nightmare nightmares nights nine nineteen nineteenth ninety ninja ninth nipples nitrogen no
noble nobody nod node nodes noise noises noisy nominal nominate nominated nomination nominations nominee
nominees non none nonetheless nonprofit nonsense noodles noon nope nor norm normal normally norms north
northeast northeastern northern northwest northwestern nose nostalgia not notable notably notch note notebook
noted notes nothing notice noticeable noticed notices noticing notification notifications notified notify
noting notion notorious noun nova novel novelist novels novelty now nowadays nowhere nu nuclear nucleus nude
null numb number numbered numbers numerical numerous nun nurse nursery nurses nursing nut nutrients nutrition
nutritional nuts oak oaks oasis oath obese obesity obey object objection objections objective objectives
objects obligation obligations obliged obscure observation observations observatory observe observed observer
observers observing obsessed obsession obsolete obstacle obstacles obstruction obtain obtained obtaining
obvious obviously occasion occasional occasionally occasions occupation occupational occupied occupy
occupying occur occurred occurrence occurring occurs ocean oceans odd oddly odds odyssey of off offend
offended offender offenders offense offenses offensive offer offered offering offerings offers office officer
officers offices official officially officials offline offs offset offshore offspring often oh oil oils okay
old older oldest olive omega omitted on once one ones oneself ongoing onion onions online only onset onto
onwards oops op open opened opener opening openings openly opens opera operate operated operates operating
operation operational operations operative operator operators opinion opinions opponent opponents
opportunities opportunity oppose opposed opposing opposite opposition oppressed oppression ops opt opted
optic optical optics optimal optimism optimistic optimization optimum option optional options or oracle oral
orange orbit orbital orchard orchestra order ordered ordering orders ordinance ordinary ore organ organic
organism organisms organization organizational organizations organize organized organizer organizers
organizing organs orgasm oriental orientation oriented origin original originally originals originated
origins orphan orthodox other others otherwise ottoman ouch ought ounce ounces our ours ourselves out
outbreak outcome outcomes outdated outdoor outdoors outer outfit outfits outgoing outlet outlets outline
outlined outlines outlook output outrage outraged outrageous outreach outright outs outside outsider
outsiders outskirts outstanding oval oven over overall overcome overcoming overdose overhaul overhead overlap
overlapping overlook overlooked overlooking overly overnight overs overseas oversight overthrow overtime
overview overweight overwhelmed overwhelming overwhelmingly ow owe owed owes owing owl own owned owner owners
ownership owning owns oxford oxide oxygen oyster oz pa pace paced pacific pack package packages packaging
packed packers packet packing packs pact pad paddy pads pagan page pages paid pain painful pains paint
painted painter painters painting paintings paints pair paired pairing pairs pal palace pale palette palm
palms pals pan pancakes panda pandemic panel panels panic panther panthers panties pants papa paper paperback
papers paperwork par parade paradigm paradise paradox paragraph paragraphs parallel parallels parameter
parameters paramount paranoid parcel pardon parent parental parenting parents parish park parked parking
parliament parliamentary parody parole part partial partially participant participants participate
participated participating participation particle particles particular particularly parties partisan
partition partly partner partnered partners partnership partnerships parts party pas pass passage passages
passed passenger passengers passes passing passion passionate passions passive passport password passwords
past pasta paste pastor pastoral pastry pat patch patches patent patented patents path pathetic pathology
paths pathway pathways patience patient patients patriot patriotic patriotism patriots patrol patron patrons
pattern patterns pause paved pavement pavilion pawn pay payday paying payment payments payroll pays pd pea
peace peaceful peacefully peach peak peaks peanut pearl pearls peas peasant peasants peculiar pedal
pedestrian pediatric pee peek peel peer peers pen penalties penalty pence pencil pending penetrate
penetration penguin penguins peninsula penis penny pens pension pensions pentagon people peoples pepper
peppers per perceive perceived percent percentage perception perceptions perfect perfection perfectly perform
performance performances performed performer performers performing performs perfume perhaps perimeter period
periodic periodically periods peripheral perks permanent permanently permission permit permits permitted
perpetual persecution persist persistent person persona personal personalities personality personalized
personally personnel persons perspective perspectives persuade persuaded pertaining pest pet petition petrol
petroleum pets petty pg phantom pharmaceutical pharmacy phase phases phenomena phenomenal phenomenon
philosopher philosophers philosophical philosophy phoenix phone phones photo photograph photographed
photographer photographers photographic photographs photography photos phrase phrases physical physically
physician physicians physics physiological physiology pi piano pick picked picking picks pickup picnic
picture pictured pictures pie piece pieces pier pierce piercing pies pig pigeon pigs pike pile piles pill
pillar pillars pillow pills pilot pilots pin pinch pine pineapple ping pink pinned pins pint pioneer
pioneering pioneers pipe pipeline piper pipes pirate pirates piss pissed pissing pistol pit pitch pitched
pitcher pitches pitching pits pity pixel pizza pl place placed placement places placing plague plain plains
plaintiff plaintiffs plan plane planes planet planetary planets planned planner planners planning plans plant
plantation planted planting plants plaque plasma plaster plastic plastics plate plateau plates platform
platforms platinum plausible play playboy played player players playful playground playing playlist playoff
playoffs plays plaza plea plead pleaded pleading pleasant please pleased pleasing pleasure pleasures pledge
pledged plenty plot plots plotting plug plum plumbing plural plus pneumonia pocket pockets pod podcast podium
poem poems poet poetic poetry poets point pointed pointer pointing pointless points poison poisoned poisoning
poisonous poke poker polar pole poles police policeman policemen policies policing policy polish polished
polite political politically politician politicians politics poll polling polls pollution polo polymer pond
pony pool pools poop poor poorer poorly pop popcorn pope popped popping poppy pops popular popularity
populated population populations porcelain porch pork porn pornography port portable portal porter portfolio
portion portions portrait portraits portray portrayal portrayed ports pose posed poses posing position
positioned positioning positions positive positively possess possessed possesses possessing possession
possessions possibilities possibility possible possibly post postal posted poster posters posting postponed
posts posture pot potassium potato potatoes potent potential potentially pots potter pottery poultry pound
pounding pounds pour poured pouring poverty powder power powered powerful powers pp practical practically
practice practiced practices practicing practitioner practitioners prairie praise praised praising prank pray
prayed prayer prayers praying preach preacher preaching precautions preceded precedent preceding precinct
precious precipitation precise precisely precision predator predators predecessor predecessors predict
predictable predicted predicting prediction predictions predominantly prefer preferably preference
preferences preferred prefers pregnancy pregnant prejudice preliminary premature premier premiere premise
premises premium premiums prep preparation preparations prepare prepared prepares preparing pres prescribed
prescription presence present presentation presentations presented presenter presenting presently presents
preservation preserve preserved preserving presidency president presidential presidents press pressed
pressing pressure pressures prestige prestigious presumably presume presumed pretend pretended pretending
pretty prevail prevailing prevalence prevalent prevent prevented preventing prevention prevents preview
previous previously prey price priced priceless prices pricing prick pride priest priests primarily primary
prime primitive prince princes princess principal principle principles print printed printer printers
printing prints prior priorities priority prison prisoner prisoners prisons privacy private privately
privilege privileged privileges prize prizes pro probability probable probably probation probe problem
problematic problems procedure procedures proceed proceeded proceeding proceedings proceeds process processed
processes processing procession processor processors proclaimed procurement produce produced producer
producers produces producing product production productions productive productivity products prof profession
professional professionally professionals professions professor professors profile profiles profit profitable
profits profound program programme programmed programmer programmes programming programs progress progressed
progression progressive prohibited prohibition project projected projecting projection projections projects
proliferation prolific prolonged prom prominence prominent promise promised promises promising promo promote
promoted promoter promotes promoting promotion promotional promotions prompt prompted promptly prone
pronounce pronounced proof prop propaganda proper properly properties property prophecy prophet prophets
proportion proportional proportions proposal proposals propose proposed proposes proposing proposition
proprietary props pros prose prosecute prosecuted prosecution prosecutor prosecutors prospect prospective
prospects prosperity prosperous prostate prostitute prostitutes prostitution protagonist protect protected
protecting protection protections protective protector protects protein proteins protest protestant protested
protesters protesting protests protocol protocols prototype proud proudly prove proved proven proves provide
provided providence provider providers provides providing province provinces provincial proving provision
provisional provisions proximity proxy psalm pseudo psychiatric psychiatrist psychiatry psychic psycho
psychological psychologist psychologists psychology pt pub public publication publications publicity publicly
publish published publisher publishers publishes publishing pubs puck pudding puff pull pulled pulling pulls
pulp pulse pump pumped pumping pumpkin pumps pun punch punched punches punching punish punished punishment
punk pup pupil pupils puppet puppies puppy purchase purchased purchases purchasing pure purely purge purity
purple purpose purposes purse pursuant pursue pursued pursuing pursuit push pushed pushes pushing pussy put
puts putting puzzle puzzles pyramid python quad qualification qualifications qualified qualify qualifying
qualities quality quantitative quantities quantity quantum quarantine quarry quarter quarterback quarterly
quarters quartet quartz queen queens queer query quest question questionable questioned questioning questions
queue quick quicker quickly quiet quietly quirky quit quite quitting quiz quota quote quoted quotes quoting
rabbi rabbit rabbits race raced races racial racing racism racist rack radar radiation radical radically
radio radioactive radius rag rage raging raid raiders raids rail railroad rails railway railways rain rainbow
rainfall raining rains rainy raise raised raises raising rallies rally ram ramp rampant rams ran ranch random
randomly rang range ranged ranger rangers ranges ranging rank ranked ranking rankings ranks ransom rant rap
rape raped rapid rapidly rapids raping rapist rapper rare rarely rash rat rate rated rates rather rating
ratings ratio rational rationale ratios rats raven ravens raw ray rays razor re reach reached reaches
reaching react reacted reacting reaction reactions reactive reactor reacts read reader readers readily
readiness reading readings reads ready real realism realistic realities reality realization realize realized
realizes realizing really realm reap rear reason reasonable reasonably reasoning reasons rebel rebellion
rebels rebound rebounds rebuild rebuilding rebuilt recall recalled recalls receipt receipts receive received
receiver receivers receives receiving recent recently reception receptor receptors recess recession recipe
recipes recipient recipients reckless reckon recognition recognize recognized recognizes recognizing
recommend recommendation recommendations recommended recommending recommends reconciliation reconsider
reconstruction record recorded recorder recording recordings records recover recovered recovering recovery
recreation recreational recruit recruited recruiting recruitment recruits rectangular recurring recycled
recycling red redeem redemption reds redskins reduce reduced reduces reducing reduction reductions redundant
reed reef reel ref refer referee reference referenced references referendum referral referred referring
refers refined reflect reflected reflecting reflection reflections reflective reflects reform reformation
reformed reforms refrain refresh refreshing refrigerator refs refuge refugee refugees refund refusal refuse
refused refuses refusing regain regard regarded regarding regardless regards regeneration regime regiment
regimes region regional regions register registered registration registry regret regrets regular regularly
regulate regulated regulating regulation regulations regulator regulators regulatory rehab rehabilitation
rehearsal reign reinforce reinforced reject rejected rejecting rejection rejects relate related relates
relating relation relations relationship relationships relative relatively relatives relax relaxation relaxed
relaxing relay release released releases releasing relevance relevant reliability reliable reliance relied
relief relies relieve relieved religion religions religious relocation reluctant rely relying remain
remainder remained remaining remains remake remark remarkable remarkably remarked remarks remedies remedy
remember remembered remembering remembers remembrance remind reminded reminder reminding reminds reminiscent
remote remotely removal remove removed removes removing renaissance renamed render rendered rendering renew
renewable renewal renewed renovated renovation renowned rent rental rented renting rents rep repair repaired
repairing repairs repay repeal repeat repeated repeatedly repeating repeats repetitive replace replaced
replacement replacements replaces replacing replay replica replicate replied replies reply replying report
reported reportedly reporter reporters reporting reports represent representation representations
representative representatives represented representing represents reproduce reproduction reproductive reps
republic republican republicans reputation request requested requesting requests require required requirement
requirements requires requiring rescue rescued research researched researcher researchers researching
resemblance resemble resembles resentment reservation reservations reserve reserved reserves reservoir reset
reside residence residency resident residential residents resides residing residue resign resignation
resigned resilience resin resist resistance resistant resisted resisting resolution resolutions resolve
resolved resonance resort resorts resource resources respect respectable respected respectful respecting
respective respectively respects respiratory respond responded respondents responding responds response
responses responsibilities responsibility responsible responsive rest restart restaurant restaurants rested
resting restless restoration restore restored restoring restraint restrict restricted restriction
restrictions restrictive restructuring rests result resulted resulting results resume resumed resurrection
retail retailer retailers retain retained retaining retains retaliation retarded retention retire retired
retirement retiring retreat retrieve retrieved return returned returning returns reunion reunited rev reveal
revealed revealing reveals revelation revelations revenge revenue revenues reverend reversal reverse reversed
review reviewed reviewing reviews revised revision revival revive revived revolt revolution revolutionary
reward rewarded rewarding rewards rhetoric rhino rhyme rhythm rib ribbon ribs rice rich richer riches richest
rick rid ridden ride rider riders rides ridge ridiculous riding rifle rifles rift rig rigged right righteous
rightly rights rigid rigorous rim ring ringing rings riot riots rip ripe ripped ripping rise risen rises
rising risk risking risks risky rite ritual rituals rival rivalry rivals river rivers riverside rm road roads
roar roast roasted rob robbed robbery robin robot robotic robotics robots robust rock rocked rocket rockets
rocking rocks rocky rod rode rods rogers rogue role roles roll rolled roller rolling rolls roman romance
romantic roof roofs rooftop rookie room roommate rooms root rooted rooting roots rope ropes rose roses roster
rot rotary rotate rotating rotation rotten rouge rough roughly round rounded rounds route routes routine
routinely routing rover row rows royal royals royalty rs rub rubbed rubber rubbing rubbish ruby rude rue rug
rugby rugged ruin ruined ruining ruins rule ruled ruler rulers rules ruling rum rumor rumors run runaway
runner runners running runoff runs runway rural rush rushed rushing rust rusty ruthless sabotage sac sack
sacked sacks sacred sacrifice sacrificed sacrifices sad saddle sadly sadness safari safe safeguard safely
safer safest safety saga sage said sail sailed sailing sailor sailors saint saints sake salad salaries salary
sale sales salesman salmon salon salsa salt salty salute salvage salvation same sample samples sampling
samurai sanctioned sanctions sanctuary sand sands sandstone sandwich sandwiches sandy sane sang sanitation
sank sans sap sarcasm sarcastic sat satellite satellites satire satisfaction satisfactory satisfied satisfy
satisfying saturated sauce sausage savage savannah save saved saves saving savings savior savvy saw sawyer
say saying says scale scaled scales scaling scam scan scandal scanned scanner scanning scans scar scarce
scare scared scares scarf scarlet scars scary scattered scenario scenarios scene scenery scenes scenic scent
schedule scheduled schedules scheduling scheme schemes schizophrenia scholar scholarly scholars scholarship
scholarships school schooling schools science sciences scientific scientist scientists scissors scoop scooter
scope score scored scorer scores scoring scotch scout scouts scrap scratch scratching scream screamed
screaming screams screen screened screening screenplay screens screenshot screenshots screw screwed screws
script scripts scripture scriptures scroll scrub scrutiny sculpture sculptures scum sea seafood seal sealed
seals search searched searches searching seas seaside season seasonal seasons seat seated seating seats sec
second secondary secondly seconds secrecy secret secretary secretly secrets sect section sections sector
sectors secular secure secured securing securities security sedan see seed seeded seeds seeing seek seekers
seeking seeks seem seemed seemingly seems seen sees segment segments segregation seismic seize seized seizure
seizures seldom select selected selecting selection selections selective self selfie selfish sell seller
selling sells semester semi semiconductor seminar seminary senate senator senators send sending sends senior
seniors sensation sense senses sensible sensing sensitive sensitivity sensor sensors sensory sent sentence
sentenced sentences sentencing sentiment sentimental sentiments separate separated separately separates
separating separation sequel sequence sequences sergeant serial series serious seriously seriousness sermon
serum servant servants serve served server servers serves service services serving session sessions set sets
setting settings settle settled settlement settlements settlers settling setup seven seventeen seventh
seventy several severe severed severely severity sewage sewer sewing sex sexist sexual sexuality sexually
sexy sh shade shades shadow shadows shady shaft shake shaken shakes shaking shale shall shallow shame
shameful shampoo shanghai shape shaped shapes shaping share shared shareholder shareholders shares sharing
shark sharks sharp sharply shattered shave shaved shaving she shed sheep sheer sheet sheets sheikh shelf
shell shells shelter shelters shelves sheriff shes shield shift shifted shifting shifts shin shine shines
shining shiny ship shipment shipments shipped shipping ships shirt shirts shit shits shitty shock shocked
shocking shocks shoe shoes shook shoot shooter shooters shooting shootings shoots shop shoppers shopping
shops shore shores short shortage shorter shortest shortly shorts shot shotgun shots should shoulder
shoulders shout shouted shouting shouts shove show showcase showed shower showers showing shown shows shrimp
shrine shrink shut shutdown shutting shuttle shy sibling siblings sic sick sickness side sided sides sidewalk
sideways siege sierra sigh sight sighted sights sign signal signaling signals signature signatures signed
significance significant significantly signing signs silence silent silently silicon silk silly silver sim
similar similarities similarity similarly simple simpler simplest simplicity simplified simply simulation
simulator simultaneous simultaneously sin since sincere sincerely sing singer singers singing single singles
sings singular sinister sink sinking sins sip sir sis sister sisters sit sitcom site sites sits sitting
situated situation situations six sixteen sixth sixty size sized sizes skate skating skeleton skeptical
sketch sketches ski skies skiing skill skilled skills skin skinned skinny skins skip skipped skipper skipping
skirt skirts skull sky slack slain slam slammed slams slang slap slapped slash slate slaughter slaughtered
slave slavery slaves sleep sleeping sleeps sleepy sleeve sleeves slender slept slice sliced slices slick slid
slide slides sliding slight slightest slightly slim slip slipped slippery slipping slips slogan slope slopes
sloppy slot slots slow slowed slower slowing slowly slut smack small smaller smallest smart smarter
smartphone smartphones smash smashed smashing smell smelling smells smile smiled smiles smiling smoke smoked
smoking smooth smoothly smuggling snack snacks snail snake snakes snap snapped snaps snatch sneak sneakers
sniper snow so soak soaked soap sober soccer social socialism socialist socialists socially societal
societies society sociology sock socks soda sodium sofa soft softball softer softly software soil soils sol
solar sold soldier soldiers sole solely solicitor solid solidarity solitary solo solution solutions solve
solved solving some somebody someday somehow someone something sometime sometimes somewhat somewhere son song
songs songwriter sonic sonny sons soon sooner sophisticated sophomore sore sorrow sorry sort sorted sorting
sorts sought soul souls sound sounded sounding sounds soundtrack soup sour source sources south southeast
southeastern southern southwest southwestern sovereign sovereignty soviet soviets sox soy spa space
spacecraft spaces spaghetti spam span spare spared spark sparked sparkling sparks spatial speak speaker
speakers speaking speaks spear spec special specialist specialists specialized specially specials specialty
species specific specifically specification specifications specified specify specimen specimens specs
spectacle spectacular spectators spectrum speculation speech speeches speed speeding speeds speedy spell
spelled spelling spells spend spending spends spent sperm sphere spice spices spicy spider spiders spies
spike spikes spill spilled spin spinal spine spinning spiral spirit spirited spirits spiritual spirituality
spit spite splash splendid split splitting spoil spoiled spoiler spoke spoken spokesman spokesperson sponge
sponsor sponsored sponsors sponsorship spontaneous spooky spoon sport sporting sports spot spotlight spots
spotted spouse spray spread spreading spreads spree spring springs sprint spun spur spurs spy spying sq squad
squadron squads square squares squash squeeze squeezed squirrel stab stabbed stabbing stability stable stack
stacked stadium staff staffing stage staged stages staging stain stained stainless staircase stairs stake
stakes stalking stall stamp stamped stamps stance stand standard standardized standards standing standpoint
stands staple staples star stare stared staring stark starred starring stars start started starter starters
starting starts startup starving stash stat state stated statement statements states statewide static stating
station stationary stationed stations statistical statistically statistics stats statue statues status
statute statutory stay stayed staying stays steadily steady steak steal stealing steals stealth steam steel
steep steer steering stellar stem stems step stepped stepping steps stereo stereotypes sterling stern
steroids stick sticker stickers sticking sticks sticky stiff stigma still stimulate stimulating stimulation
stimulus sting stint stir stirring stitch stitches stock stocks stoke stole stolen stomach stone stones stood
stop stopped stopping stops storage store stored stores storey stories storing storm storms story stove
straight straightforward strain strained strains strait strand stranded strange strangely stranger strangers
strap strategic strategies strategy straw strawberries strawberry stray streak stream streaming streams
street streets strength strengthen strengthened strengthening strengths stress stressed stresses stressful
stretch stretched stretches stretching strict strictly strike striker strikes striking string strings strip
striped stripes stripped strips strive stroke strokes stroll strong stronger strongest strongly struck
structural structure structured structures struggle struggled struggles struggling stubborn stuck stud
student students studied studies studio studios study studying stuff stuffed stumbled stunned stunning stunt
stupid stupidity style styled styles stylish sub subdivision subject subjected subjective subjects submarine
submission submissions submit submitted submitting subs subscribe subscribed subscribers subscription
subsequent subsequently subset subsidiaries subsidiary subsidies subsidy substance substances substantial
substantially substitute substrate subtle suburb suburban suburbs subway succeed succeeded succeeding success
successes successful successfully succession successive successor such suck sucked sucker sucking sucks
sudden suddenly sue sued suffer suffered suffering suffers sufficient sufficiently sugar suggest suggested
suggesting suggestion suggestions suggests suicidal suicide suit suitable suitcase suite suited suits sultan
sum summary summed summer summers summit summon summoned sums sun sung sunglasses sunk sunlight sunny sunrise
suns sunset sunshine sup super superb superficial superintendent superior superiority superman supermarket
supernatural superstar supervised supervision supervisor supervisors supper supplement supplements supplied
supplier suppliers supplies supply supplying support supported supporter supporters supporting supportive
supports suppose supposed supposedly suppress suppressed suppression supremacy supreme sure surely surf
surface surfaces surfing surge surgeon surgeons surgery surgical surpassed surplus surprise surprised
surprises surprising surprisingly surreal surrender surrendered surrey surround surrounded surrounding
surroundings surveillance survey surveyed surveys survival survive survived survives surviving survivor
survivors susceptible sushi suspect suspected suspects suspend suspended suspense suspension suspicion
suspicious sustain sustainable sustained sustaining swallow swallowed swamp swan swap sway swear swearing
sweat sweater sweating sweaty sweep sweeping sweet sweetheart sweetie sweets swell swelling swept swift
swiftly swim swimming swing swinging swings swipe switch switched switches switching swollen sword swords
swore sworn symbol symbolic symbols sympathetic sympathy symphony symposium symptom symptoms sync syndrome
syntax synthesis synthetic syrup system systematic systemic systems tab table tables tablet tablets tabs
tackle tackles taco tactic tactical tactics tag tagged tags tail tailor tailored tails take taken takeover
takes taking tale talent talented talents tales talk talked talking talks tall taller tally tame tan tandem
tangible tango tank tanks tanner tap tape tapes tapped tapping taps tar target targeted targeting targets
tariffs task tasked tasks taste tasted tastes tasting tasty tattoo tattoos taught tavern tax taxation taxes
taxi taxpayer taxpayers tea teach teacher teachers teaches teaching teachings team teamed teammate teammates
teams tear tearing tears tease teasing tech technical technically technician technicians technique techniques
technological technologies technology tee teen teenage teenager teenagers teens teeth tel telecommunications
telegram telegraph telephone telescope televised television tell telling tells temp temper temperature
temperatures tempered template temple temples tempo temporal temporarily temporary temptation tempted
tempting ten tenant tenants tend tended tendencies tendency tender tends tennis tens tense tension tensions
tent tenth tents tenure term termed terminal terminals terminate terminated termination terminology terms
terrace terrain terrible terribly terrific terrified terrifying territorial territories territory terror
terrorism terrorist terrorists terry tertiary test testament tested testified testify testimony testing
testosterone tests text textbook textbooks textile texting texts texture than thank thanked thankful
thankfully thanks thanksgiving that the theater theaters theatre theatres theatrical thee theft their theirs
them theme themes themselves then theological theology theorem theoretical theoretically theories theory
therapeutic therapist therapy there thereafter thereby therefore thereof thermal these thesis they thick
thicker thickness thief thieves thigh thighs thin thing things think thinking thinks thinner third thirds
thirst thirsty thirteen thirty this tho thorough thoroughly those thou though thought thoughtful thoughts
thousand thousands thread threads threat threaten threatened threatening threatens threats three threshold
threw thrill thrilled thriller thrilling thrive thriving throat throne thrones through throughout throw
throwing thrown throws thru thrust thugs thumb thumbs thunder thus thy thyroid ti tick ticket tickets tidal
tide tidy tie tied tier ties tiger tigers tight tighter tightly tile tiles till tilt timber time timed
timeless timeline timely timer times timing tin tinder tiny tip tipped tipping tips tire tired tires tissue
tissues titan titanic titanium titans title titled titles tits to toast tobacco today toddler toe toes
together toilet toilets token tokens told tolerance tolerant tolerate tolerated toll tom tomato tomatoes tomb
tomorrow ton tone tones tongue tonight tonnes tons tony too took tool tools tooth top topic topics topped
topping tops tor torch tore torn tornado torque torture tortured toss tossed total totally touch touchdown
touchdowns touched touches touching tough tougher toughest tour touring tourism tourist tourists tournament
tournaments tours tow toward towards towel towels tower towers town towns township toxic toxicity toy toys
trace traced traces tracing track tracked tracker tracking tracks tract traction tractor trade traded
trademark trader traders trades trading tradition traditional traditionally traditions traffic trafficking
tragedy tragic trail trailer trailers trailing trails train trained trainer trainers training trains trait
traitor traits trajectory trans transaction transactions transcript transcription transfer transferred
transferring transfers transform transformation transformed transformers transforming transit transition
transitional transitions translate translated translates translation translations translator transmission
transmit transmitted transmitter transparency transparent transplant transport transportation transported
transporting trap trapped traps trash trauma traumatic travel traveled traveler travelers traveling travelled
travellers travelling travels tray treason treasure treasurer treasures treasury treat treated treaties
treating treatment treatments treats treaty tree trees trek tremendous trench trend trending trends trial
trials triangle tribal tribe tribes tribunal tribune tribute trick tricks tricky tried tries trigger
triggered triggers trillion trilogy trim trinity trio trip triple trips triumph trivial troll trolls troop
troops trophies trophy tropical trouble troubled troubles trousers trout truck trucks true truly trump
trumpet trunk trust trusted trustee trustees trusting trusts truth truths try trying ts tub tube tuberculosis
tubes tuck tucked tuition tumor tumors tuna tune tuned tunes tuning tunnel tunnels turbine turbulence turf
turkey turn turned turner turning turnout turnover turns turtle turtles tutor tutorial tweet tweeted tweeting
tweets twelve twentieth twenty twice twilight twin twins twist twisted twitch twitter two tying type types
typhoon typical typically typing ugh ugly uh ultimate ultimately ultra um umbrella unable unacceptable
unanimous unanimously unarmed unauthorized unavailable unaware unbelievable uncertain uncertainty unchanged
uncle unclear uncomfortable uncommon unconscious unconstitutional uncovered undefeated under undercover
underestimate undergo undergoing undergone undergraduate underground underlying undermine underneath
underrated understand understandable understanding understands understood undertake undertaken undertaking
underwater underwear underwent undo undoubtedly unemployed unemployment uneven unexpected unexpectedly unfair
unfamiliar unfinished unfortunate unfortunately unhappy unhealthy unicorn unidentified unified uniform
uniforms union unions unique uniquely unit unite united units unity universal universally universe
universities university unknown unlawful unless unlike unlikely unlimited unlock unlocked unlucky unnamed
unnecessary unofficial unpaid unpleasant unpopular unprecedented unpredictable unreal unrealistic
unreasonable unrelated unreliable unrest unsafe unseen unstable unsuccessful unsure until unto unused unusual
unusually unveiled unwanted unwilling up upbeat upcoming update updated updates updating upgrade upgraded
upgrades upgrading upheld upload uploaded upon upper upright uprising ups upset upsetting upside upstairs
upstream upward upwards uranium urban urge urged urgency urgent urges urging urine us usable usage use used
useful useless user username users uses using usual usually utilities utility utilize utilized utilizing
utmost utter utterly vacancy vacant vacation vaccination vaccine vaccines vacuum vagina vague vain vale
valentine valid validation validity valley valleys valuable valuation value valued values valve valves
vampire vampires van vanguard vanilla vanished vanity vans vapor var variable variables variant variants
variation variations varied varies varieties variety various varsity vary varying vase vast vastly vat vault
vector vegan vegetable vegetables vegetarian vegetation vehicle vehicles veil vein veins velocity velvet
vendor vendors vengeance venom vent ventilation venture ventures venue venues verb verbal verdict verge
verification verified verify versatile verse verses version versions versus vertical very vessel vessels vest
vet veteran veterans veterinary veto vi via viable vibe vibes vibrant vibration vice vicinity vicious victim
victims victories victorious victory video videos view viewed viewer viewers viewing viewpoint views vii viii
vile villa village villagers villages villain villains vine vinegar vines vineyard vintage vinyl violate
violated violating violation violations violence violent violently violet violin viral virgin virtual
virtually virtue virus viruses visa visibility visible vision visions visit visited visiting visitor visitors
visits vista visual visually visuals vital vitamin vitamins vivid vocabulary vocal vocals vocational vodka
vogue voice voiced voices void vol volatile volcanic volcano volleyball voltage volume volumes voluntarily
voluntary volunteer volunteered volunteers vomit vomiting vote voted voter voters votes voting vow vows
voyage vs vulgar vulnerability vulnerable wade wage wages wagon waist wait waited waiter waiting waitress
waits waiver wake wakes waking wales walk walked walker walking walks wall wallet wallpaper walls walnut wan
wander wandering wanna want wanted wanting wants war ward warden wardrobe wards ware warehouse warfare warm
warmer warming warmth warn warned warning warnings warns warp warrant warrants warranty warren warrior
warriors wars wartime wary was wash washed washing waste wasted wasting watch watched watches watching water
waterfall waterfront watering waterproof waters watershed watt wave waved waves waving wax way ways we weak
weakened weaker weakest weakness weaknesses wealth wealthy weapon weapons wear wearing wears weary weather
weave weaving web website websites wed wedding weddings wedge wee weed week weekend weekends weekly weeks
weigh weighed weighing weighs weight weighted weights weird welcome welcomed welcomes welcoming welding
welfare well wellington wells welsh went were west western wet whale whales what whatever whats whatsoever
wheat wheel wheelchair wheels when whenever where whereabouts whereas whereby wherein wherever whether which
whichever while whilst whining whip whipped whiskey whisky whisper whispers whistle white whites who whoa
whoever whole wholesale wholly whom whore whose why wicked wicket wickets wide widely wider widespread widow
width wife wig wiki wild wilderness wildlife wildly will willing willingly willingness willow wills win wind
winding window windows winds windy wine wines wing winger wings winner winners winning wins winter winters
wipe wiped wire wired wireless wires wiring wisdom wise wisely wish wished wishes wishing wit witch witches
with withdraw withdrawal withdrawn withdrew within without withstand witness witnessed witnesses witty wives
wizard wizards woke wolf wolves woman womb women won wonder wondered wonderful wonderfully wondering wonders
wont woo wood wooden woodland woods woody wool word wording words wore work worked worker workers workforce
working workout workplace works workshop workshops world worlds worldwide worm worms worn worried worries
worry worrying worse worship worst worth worthless worthwhile worthy would wound wounded wounds woven wow
wrap wrapped wrapping wraps wrath wreck wrecked wrestling wrist write writer writers writes writing writings
written wrong wrote xi xx xxx yacht yahoo yard yards yarn ye yea yeah year yearly years yeast yell yelled
yelling yellow yen yep yes yesterday yet yield yields yo yoga yogurt you young younger youngest youngsters
your yours yourself yourselves youth youthful youths yr yummy yup zen zero zinc zip zombie zombies zone zones
zoo zoom`;
