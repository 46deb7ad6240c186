/** A diagnostic procedure as the clinic network offers it; prices are typical fees in euros. */
export interface DiagnosticEntry {
  name: string;
  description: string;
  preparation: string;
  durationMinutes: number;
  basePriceEur: number;
}

// The demo network offers the first DEMO_DIAGNOSTICS entries; scale data offers them all.
export const DEMO_DIAGNOSTICS = 12;

export const DIAGNOSTICS: readonly DiagnosticEntry[] = [
  {
    name: 'Complete blood count',
    description: 'Counts red cells, white cells and platelets to screen for anaemia and infection.',
    preparation: 'No preparation needed.',
    durationMinutes: 10,
    basePriceEur: 15,
  },
  {
    name: 'Comprehensive metabolic panel',
    description:
      'Measures glucose, electrolytes and kidney and liver function from one blood sample.',
    preparation: 'Fast for 8 to 12 hours; water is allowed.',
    durationMinutes: 10,
    basePriceEur: 30,
  },
  {
    name: 'Lipid panel',
    description: 'Measures total, LDL and HDL cholesterol and triglycerides.',
    preparation: 'Fast for 9 to 12 hours; water is allowed.',
    durationMinutes: 10,
    basePriceEur: 25,
  },
  {
    name: 'HbA1c',
    description:
      'Average blood sugar over the last three months, used to diagnose and monitor diabetes.',
    preparation: 'No preparation needed.',
    durationMinutes: 10,
    basePriceEur: 20,
  },
  {
    name: 'Urinalysis',
    description: 'Chemical and microscopic examination of urine for infection and kidney disease.',
    preparation: 'Bring or give a midstream sample of the first morning urine.',
    durationMinutes: 10,
    basePriceEur: 12,
  },
  {
    name: 'Chest X-ray',
    description: 'Images of the lungs, heart and chest wall.',
    preparation: 'Remove jewellery and clothing with metal above the waist.',
    durationMinutes: 15,
    basePriceEur: 45,
  },
  {
    name: 'Electrocardiogram (ECG)',
    description: 'Records the electrical activity of the heart at rest.',
    preparation: 'Avoid body lotion on the chest on the day of the test.',
    durationMinutes: 15,
    basePriceEur: 35,
  },
  {
    name: 'Abdominal ultrasound',
    description: 'Ultrasound of the liver, gallbladder, pancreas, kidneys and spleen.',
    preparation: 'Fast for 6 hours before the examination.',
    durationMinutes: 30,
    basePriceEur: 90,
  },
  {
    name: 'MRI of the brain',
    description: 'Detailed magnetic resonance images of the brain without radiation.',
    preparation:
      'Remove all metal objects. Tell the staff about pacemakers, implants or claustrophobia beforehand.',
    durationMinutes: 45,
    basePriceEur: 400,
  },
  {
    name: 'Mammography',
    description: 'Low-dose X-ray of the breasts for screening and diagnosis.',
    preparation: 'Do not use deodorant, powder or lotion under the arms or on the breasts.',
    durationMinutes: 20,
    basePriceEur: 110,
  },
  {
    name: 'Spirometry',
    description: 'Measures how much and how fast you can breathe out, to assess asthma and COPD.',
    preparation: 'Avoid short-acting inhalers for 6 hours and smoking for 1 hour before the test.',
    durationMinutes: 30,
    basePriceEur: 50,
  },
  {
    name: 'Echocardiogram',
    description: 'Ultrasound of the heart showing its chambers, valves and pumping function.',
    preparation: 'No preparation needed; wear a two-piece outfit.',
    durationMinutes: 45,
    basePriceEur: 150,
  },
  {
    name: 'Thyroid function panel',
    description: 'Measures TSH and free T4 to check thyroid function.',
    preparation: 'If you take thyroid medication, take it after the blood draw.',
    durationMinutes: 10,
    basePriceEur: 30,
  },
  {
    name: 'Exercise stress test',
    description: 'ECG recorded while walking on a treadmill to detect heart disease under load.',
    preparation: 'No caffeine for 24 hours and no heavy meal for 3 hours; wear comfortable shoes.',
    durationMinutes: 60,
    basePriceEur: 180,
  },
  {
    name: '24-hour Holter monitoring',
    description: 'A portable ECG worn for a day to catch intermittent rhythm problems.',
    preparation: 'Shower before the fitting; the recorder must stay dry until it is removed.',
    durationMinutes: 20,
    basePriceEur: 120,
  },
  {
    name: 'Pelvic ultrasound',
    description: 'Ultrasound of the uterus, ovaries and bladder.',
    preparation: 'Drink one litre of water an hour before and do not empty your bladder.',
    durationMinutes: 30,
    basePriceEur: 90,
  },
  {
    name: 'MRI of the knee',
    description: 'Magnetic resonance images of the knee joint, ligaments and menisci.',
    preparation: 'Remove all metal objects. Tell the staff about implants beforehand.',
    durationMinutes: 40,
    basePriceEur: 350,
  },
  {
    name: 'CT of the chest',
    description: 'Cross-sectional X-ray images of the lungs and mediastinum.',
    preparation: 'If contrast is planned, fast for 4 hours and bring a recent creatinine result.',
    durationMinutes: 20,
    basePriceEur: 250,
  },
  {
    name: 'Colonoscopy',
    description: 'Camera examination of the large bowel to find and remove polyps.',
    preparation:
      'Clear liquids only the day before and take the prescribed bowel preparation; arrange a ride home.',
    durationMinutes: 45,
    basePriceEur: 300,
  },
  {
    name: 'Bone densitometry (DEXA)',
    description: 'Low-dose X-ray measurement of bone mineral density to assess osteoporosis.',
    preparation: 'Do not take calcium supplements for 24 hours before the scan.',
    durationMinutes: 20,
    basePriceEur: 90,
  },
];
