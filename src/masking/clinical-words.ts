// Capitalised words of clinical text that are never a person's name on their own: departments,
// disease eponyms and section headings here, and (`NON_SURNAME_WORDS`) brand-name drugs, lab
// words, languages and nationalities. The name detector's pattern rules (an unknown capitalised
// pair, a name after "Patient" without a colon) skip them; explicit context ("Dr. Parkinson",
// "Patient: Addison Smith") and the name dictionary still win.

/** Lower case, space-separated. */
export const CLINICAL_WORDS: string =
  // Departments, services, roles.
  'cardiology nephrology neurology oncology hematology radiology pathology pharmacy pediatrics paediatrics ' +
  'psychiatry psychology surgery orthopedics orthopaedics urology gastroenterology gi endocrinology pulmonology ' +
  'dermatology ophthalmology optometry otolaryngology ent obstetrics gynecology ob gyn obgyn anesthesia anesthesiology ' +
  'rheumatology infectious hospitalist hospice palliative telemetry icu micu sicu nicu picu ccu pacu ed er triage ' +
  'nursing physiotherapy rehab rehabilitation podiatry audiology dietetics nutrition radiotherapy chaplain ' +
  'case management social work nephrologist cardiologist neurologist oncologist radiologist pharmacist surgeon ' +
  // Disease and sign eponyms.
  'parkinson parkinsons crohn crohns hodgkin hodgkins addison addisons alzheimer alzheimers huntington huntingtons ' +
  'cushing cushings graves hashimoto hashimotos raynaud raynauds sjogren sjögren sjogrens kawasaki tourette tourettes ' +
  'asperger aspergers marfan ehlers danlos paget pagets reiter burkitt kaposi wernicke korsakoff meniere ménière osgood ' +
  'schlatter tay sachs gehrig epstein barr guillain barre barré buerger dupuytren ewing fabry gaucher hirschsprung ' +
  'horner klinefelter lyme munchausen niemann pompe prader willi wegener whipple wolff babinski mcburney ' +
  'trendelenburg valsalva heimlich foley holter doppler papanicolaou kussmaul cheyne korotkoff tinel phalen romberg ' +
  'rovsing lachman mcmurray apgar glasgow colles sequard bell bells wilson wilsons down turner turners bartholin ' +
  'baker bakers hashimotos kaposis bright brights still stills behcet behçet kawasakis cori fanconi hurler tourettes ' +
  // Section headings and record words often written in title case.
  'chief complaint hpi ros review systems exam examination vitals vital signs labs imaging impression assessment ' +
  'plan disposition discharge summary instructions education portal safety information demographics allergies ' +
  'medications medication problem problems list orders order results result procedure procedures consult consults ' +
  'progress admission admit transfer encounter visit diagnosis diagnoses differential course hospital physical ' +
  'social family surgical past medical present illness subjective objective status code full dnr dni comfort ' +
  'care team primary secondary follow referral referrals clinic center institute university memorial general ' +
  'regional community county saint st mount mt blood pressure heart rate left right bilateral upper lower ' +
  'negative positive normal abnormal acute chronic stable unstable mild moderate severe type stage grade class ' +
  'denies reports presents states endorses notes complains tolerating tolerated continue continued start started ' +
  'stop stopped hold held increase increased decrease decreased resume resumed recheck repeat monitor monitored';

/**
 * Capitalised words that are never a surname either: a given name before one is a name alone
 * ("Max Troponin", "Grace Lisinopril"). Eponyms are not here: "Sjögren" and "Barr" are surnames.
 * Lower case, space-separated.
 */
export const NON_SURNAME_WORDS: string =
  // Brand-name and common drugs.
  'tylenol lasix advil motrin coumadin lipitor zoloft prozac xanax norvasc zocor plavix eliquis xarelto januvia lantus ' +
  'humalog novolog synthroid keppra dilantin depakote lamictal seroquel risperdal ativan valium ambien benadryl zyrtec ' +
  'claritin flonase ventolin proventil spiriva advair symbicort medrol cipro levaquin keflex augmentin zithromax ' +
  'bactrim flagyl diflucan valtrex tamiflu protonix nexium prilosec pepcid zofran reglan imodium colace senokot ' +
  'miralax dulcolax neurontin lyrica cymbalta effexor wellbutrin lexapro celexa paxil buspar klonopin adderall ' +
  'ritalin vicodin percocet norco dilaudid oxycontin ultram toradol aleve aspirin narcan lovenox heparin insulin ' +
  'ozempic trulicity jardiance farxiga entresto humira enbrel remicade keytruda herceptin ' +
  'lisinopril metformin atorvastatin amlodipine levothyroxine omeprazole albuterol gabapentin prednisone ' +
  'penicillin amoxicillin warfarin furosemide metoprolol losartan hydrochlorothiazide simvastatin tramadol ' +
  'tdap covid influenza hepatitis ' +
  // Laboratory words often written in title case.
  'troponin creatinine hemoglobin haemoglobin hematocrit potassium sodium chloride glucose lactate bilirubin albumin ' +
  'ferritin platelets platelet lipase amylase cortisol ' +
  // Languages and nationalities (interpreter needs, demographics): capitalised, and no surname on their own.
  'english spanish french german dutch italian portuguese russian polish ukrainian greek turkish arabic hebrew ' +
  'persian farsi dari pashto urdu hindi bengali punjabi gujarati tamil chinese mandarin cantonese japanese korean ' +
  'vietnamese tagalog filipino thai khmer lao hmong somali amharic swahili haitian creole american african asian ' +
  'european hispanic latino latina caucasian mexican canadian cuban dominican puerto rican indian pakistani irish ' +
  'scottish british';

/** Nouns after which a capitalised word is a disease or sign eponym, not a person ("Addison disease"). */
export const EPONYM_NOUNS: string =
  'disease syndrome palsy sign signs test maneuver manoeuvre reflex phenomenon lymphoma sarcoma tumor tumour ' +
  'fracture disorder anemia anaemia dystrophy encephalopathy ulcer node nodes triad score scale criteria ' +
  'classification procedure operation catheter monitor stain law index body bodies cell cells cyst gland glands ' +
  'duct ducts cysts line point points position incision repair';
