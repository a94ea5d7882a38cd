<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="km_KH" sourcelanguage="en">
  <context>
    <name>Desk</name>
    <message>
      <source>NSSF Hospital Desk: claims and billing</source>
      <translation>តុមន្ទីរពេទ្យ ប.ស.ស.៖ ពាក្យស្នើសុំ និងការទូទាត់</translation>
    </message>
    <message>
      <source>Recent visits: pick one, then start its claim</source>
      <translation>ការមកពិនិត្យថ្មីៗ៖ ជ្រើសរើសមួយ រួចចាប់ផ្តើមពាក្យស្នើសុំរបស់វា</translation>
    </message>
    <message>
      <source>All states</source>
      <translation>គ្រប់ស្ថានភាព</translation>
    </message>
    <message>
      <source>All benefits</source>
      <translation>គ្រប់អត្ថប្រយោជន៍</translation>
    </message>
    <message>
      <source>Month (YYYY-MM)</source>
      <translation>ខែ (YYYY-MM)</translation>
    </message>
    <message>
      <source>NSSF number</source>
      <translation>លេខ ប.ស.ស.</translation>
    </message>
    <message>
      <source>Open (Enter)</source>
      <translation>បើក (Enter)</translation>
    </message>
    <message>
      <source>Submit selected</source>
      <translation>ផ្ញើដែលបានជ្រើសរើស</translation>
    </message>
    <message>
      <source>Submit all queued (Ctrl+Enter)</source>
      <translation>ផ្ញើទាំងអស់ក្នុងជួរ (Ctrl+Enter)</translation>
    </message>
    <message>
      <source>Get NSSF's decisions (F9)</source>
      <translation>យកសេចក្តីសម្រេចរបស់ ប.ស.ស. (F9)</translation>
    </message>
    <message>
      <source>Paid against claimed (Ctrl+R)</source>
      <translation>ការទូទាត់ធៀបនឹងការស្នើសុំ (Ctrl+R)</translation>
    </message>
    <message>
      <source>Sending claims to NSSF...</source>
      <translation>កំពុងផ្ញើពាក្យស្នើសុំទៅ ប.ស.ស....</translation>
    </message>
    <message>
      <source>Asking NSSF for its decisions...</source>
      <translation>កំពុងសួរ ប.ស.ស. អំពីសេចក្តីសម្រេច...</translation>
    </message>
    <message>
      <source>Service date</source>
      <translation>ថ្ងៃផ្តល់សេវា</translation>
    </message>
    <message>
      <source>Member</source>
      <translation>សមាជិក</translation>
    </message>
    <message>
      <source>Benefit</source>
      <translation>អត្ថប្រយោជន៍</translation>
    </message>
    <message>
      <source>Amount claimed</source>
      <translation>ចំនួនទឹកប្រាក់ស្នើសុំ</translation>
    </message>
    <message>
      <source>State</source>
      <translation>ស្ថានភាព</translation>
    </message>
    <message>
      <source>NSSF claim number</source>
      <translation>លេខពាក្យស្នើសុំ ប.ស.ស.</translation>
    </message>
    <message>
      <source>Paid</source>
      <translation>បានទូទាត់</translation>
    </message>
    <message>
      <source>The month is written YYYY-MM, e.g. 2026-11.</source>
      <translation>ខែត្រូវសរសេរជា YYYY-MM ឧទាហរណ៍ 2026-11។</translation>
    </message>
    <message>
      <source>Something went wrong.</source>
      <translation>មានបញ្ហាកើតឡើង។</translation>
    </message>
    <message>
      <source>Select claims that are ready or queued.</source>
      <translation>សូមជ្រើសរើសពាក្យស្នើសុំដែលរួចរាល់ ឬនៅក្នុងជួរផ្ញើ។</translation>
    </message>
    <message>
      <source>%1 claims sent to NSSF.</source>
      <translation>បានផ្ញើពាក្យស្នើសុំ %1 ទៅ ប.ស.ស.។</translation>
    </message>
    <message>
      <source>New claim</source>
      <translation>ពាក្យស្នើសុំថ្មី</translation>
    </message>
    <message>
      <source>Submit all queued</source>
      <translation>ផ្ញើទាំងអស់ក្នុងជួរ</translation>
    </message>
    <message>
      <source>Get NSSF's decisions</source>
      <translation>យកសេចក្តីសម្រេចរបស់ ប.ស.ស.</translation>
    </message>
    <message>
      <source>Reconciliation</source>
      <translation>ការផ្ទៀងផ្ទាត់</translation>
    </message>
    <message>
      <source>English / Khmer</source>
      <translation>អង់គ្លេស / ខ្មែរ</translation>
    </message>
    <message>
      <source>New claim: %1</source>
      <translation>ពាក្យស្នើសុំថ្មី៖ %1</translation>
    </message>
    <message>
      <source>Not an NSSF number: 14 digits, like 1234567-8901234.</source>
      <translation>មិនមែនជាលេខ ប.ស.ស. ទេ៖ ត្រូវមាន ១៤ ខ្ទង់ ដូចជា 1234567-8901234។</translation>
    </message>
    <message>
      <source>Ticket</source>
      <translation>សំបុត្រ</translation>
    </message>
    <message>
      <source>Claim</source>
      <translation>ពាក្យស្នើសុំ</translation>
    </message>
    <message>
      <source>revision</source>
      <translation>កំណែ</translation>
    </message>
    <message>
      <source>price list</source>
      <translation>តារាងតម្លៃ</translation>
    </message>
    <message>
      <source>History</source>
      <translation>ប្រវត្តិ</translation>
    </message>
    <message>
      <source>%1 refused by NSSF: back to draft, open them to see why.</source>
      <translation>%1 ត្រូវបាន ប.ស.ស. បដិសេធ៖ ត្រឡប់ទៅសេចក្តីព្រាងវិញ សូមបើកមើលមូលហេតុ។</translation>
    </message>
    <message>
      <source>%1 decisions from NSSF.</source>
      <translation>សេចក្តីសម្រេច %1 ពី ប.ស.ស.។</translation>
    </message>
    <message>
      <source>NSSF cannot be reached now: %1 claims are kept and sent next time.</source>
      <translation>មិនអាចភ្ជាប់ទៅ ប.ស.ស. បានទេឥឡូវនេះ៖ ពាក្យស្នើសុំ %1 ត្រូវបានរក្សាទុក ហើយនឹងផ្ញើនៅពេលក្រោយ។</translation>
    </message>
    <message>
      <source>All claims: %1</source>
      <translation>ពាក្យស្នើសុំទាំងអស់៖ %1</translation>
    </message>
    <message>
      <source>Why NSSF rejected it</source>
      <translation>មូលហេតុដែល ប.ស.ស. បដិសេធ</translation>
    </message>
    <message>
      <source>Line %1: </source>
      <translation>ជួរទី %1៖ </translation>
    </message>
    <message>
      <source>reference</source>
      <translation>លេខយោង</translation>
    </message>
    <message>
      <source>Scan with the camera</source>
      <translation>ស្កេនដោយកាមេរ៉ា</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>បិទ</translation>
    </message>
    <message>
      <source>Card read.</source>
      <translation>បានអានកាត។</translation>
    </message>
    <message>
      <source>Hold the card's QR code in front of the camera.</source>
      <translation>សូមកាន់កូដ QR របស់កាតនៅពីមុខកាមេរ៉ា។</translation>
    </message>
    <message>
      <source>No camera found. Connect a webcam, or scan with the USB scanner or open an image of the card.</source>
      <translation>រកមិនឃើញកាមេរ៉ាទេ។ សូមភ្ជាប់កាមេរ៉ា ឬស្កេនដោយម៉ាស៊ីនស្កេន USB ឬបើករូបភាពកាត។</translation>
    </message>
    <message>
      <source>The camera cannot be used: </source>
      <translation>មិនអាចប្រើកាមេរ៉ាបានទេ៖ </translation>
    </message>
    <message>
      <source>Delivery record</source>
      <translation>កំណត់ត្រាសម្រាលកូន</translation>
    </message>
    <message>
      <source>Birth certificate</source>
      <translation>សំបុត្រកំណើត</translation>
    </message>
    <message>
      <source>Ultrasound letter</source>
      <translation>លិខិតអេកូ</translation>
    </message>
    <message>
      <source>Discharge summary</source>
      <translation>សេចក្តីសង្ខេបពេលចេញពីមន្ទីរពេទ្យ</translation>
    </message>
    <message>
      <source>Invoice</source>
      <translation>វិក្កយបត្រ</translation>
    </message>
    <message>
      <source>Death certificate</source>
      <translation>សំបុត្រមរណភាព</translation>
    </message>
    <message>
      <source>Claimant's ID card</source>
      <translation>អត្តសញ្ញាណប័ណ្ណរបស់អ្នកស្នើសុំ</translation>
    </message>
    <message>
      <source>Other document</source>
      <translation>ឯកសារផ្សេងទៀត</translation>
    </message>
    <message>
      <source>Add service</source>
      <translation>បន្ថែមសេវា</translation>
    </message>
    <message>
      <source>Remove service</source>
      <translation>ដកសេវាចេញ</translation>
    </message>
    <message>
      <source>Service</source>
      <translation>សេវា</translation>
    </message>
    <message>
      <source>Quantity</source>
      <translation>ចំនួន</translation>
    </message>
    <message>
      <source>Unit price</source>
      <translation>តម្លៃឯកតា</translation>
    </message>
    <message>
      <source>Amount</source>
      <translation>ទឹកប្រាក់</translation>
    </message>
    <message>
      <source>Document</source>
      <translation>ឯកសារ</translation>
    </message>
    <message>
      <source>File</source>
      <translation>ឯកសារភ្ជាប់</translation>
    </message>
    <message>
      <source>Total: %1</source>
      <translation>សរុប៖ %1</translation>
    </message>
    <message>
      <source>Maternity</source>
      <translation>មាតុភាព</translation>
    </message>
    <message>
      <source>Hospitalisation</source>
      <translation>ការសម្រាកព្យាបាលនៅមន្ទីរពេទ្យ</translation>
    </message>
    <message>
      <source>Funeral</source>
      <translation>បូជាសព</translation>
    </message>
    <message>
      <source>New %1 claim</source>
      <translation>ពាក្យស្នើសុំ%1ថ្មី</translation>
    </message>
    <message>
      <source>%1 claim</source>
      <translation>ពាក្យស្នើសុំ%1</translation>
    </message>
    <message>
      <source>Delivery date</source>
      <translation>ថ្ងៃសម្រាលកូន</translation>
    </message>
    <message>
      <source>Delivery type</source>
      <translation>ប្រភេទនៃការសម្រាល</translation>
    </message>
    <message>
      <source>Babies born</source>
      <translation>ចំនួនទារកកើត</translation>
    </message>
    <message>
      <source>Antenatal visits</source>
      <translation>ចំនួនដងពិនិត្យផ្ទៃពោះ</translation>
    </message>
    <message>
      <source>Weeks of pregnancy</source>
      <translation>ចំនួនសប្តាហ៍នៃការមានផ្ទៃពោះ</translation>
    </message>
    <message>
      <source>Reason for caesarean (ICD-10)</source>
      <translation>មូលហេតុនៃការវះកាត់យកកូន (ICD-10)</translation>
    </message>
    <message>
      <source>Admitted on</source>
      <translation>ថ្ងៃចូលសម្រាកព្យាបាល</translation>
    </message>
    <message>
      <source>Discharged on</source>
      <translation>ថ្ងៃចេញពីមន្ទីរពេទ្យ</translation>
    </message>
    <message>
      <source>Length of stay</source>
      <translation>រយៈពេលសម្រាកព្យាបាល</translation>
    </message>
    <message>
      <source>Main diagnosis (ICD-10 code or words)</source>
      <translation>រោគវិនិច្ឆ័យចម្បង (លេខកូដ ICD-10 ឬពាក្យ)</translation>
    </message>
    <message>
      <source>Other diagnoses (ICD-10 codes, commas between)</source>
      <translation>រោគវិនិច្ឆ័យផ្សេងទៀត (លេខកូដ ICD-10 ខណ្ឌដោយសញ្ញាក្បៀស)</translation>
    </message>
    <message>
      <source>Date of death</source>
      <translation>ថ្ងៃទទួលមរណភាព</translation>
    </message>
    <message>
      <source>Place of death</source>
      <translation>ទីកន្លែងទទួលមរណភាព</translation>
    </message>
    <message>
      <source>Claimant's name (next of kin)</source>
      <translation>ឈ្មោះអ្នកស្នើសុំ (សាច់ញាតិជិតបំផុត)</translation>
    </message>
    <message>
      <source>Relationship to the member</source>
      <translation>ទំនាក់ទំនងជាមួយសមាជិក</translation>
    </message>
    <message>
      <source>Claimant's phone</source>
      <translation>លេខទូរស័ព្ទអ្នកស្នើសុំ</translation>
    </message>
    <message>
      <source>Claimant's ID card number</source>
      <translation>លេខអត្តសញ្ញាណប័ណ្ណអ្នកស្នើសុំ</translation>
    </message>
    <message>
      <source>Reason for a late claim</source>
      <translation>មូលហេតុនៃការស្នើសុំយឺត</translation>
    </message>
    <message>
      <source>Scan the card or type the number</source>
      <translation>ស្កេនកាត ឬវាយលេខ</translation>
    </message>
    <message>
      <source>Services from the price list</source>
      <translation>សេវាពីតារាងតម្លៃ</translation>
    </message>
    <message>
      <source>Documents</source>
      <translation>ឯកសារ</translation>
    </message>
    <message>
      <source>Attach a file...</source>
      <translation>ភ្ជាប់ឯកសារ...</translation>
    </message>
    <message>
      <source>Photo from the camera...</source>
      <translation>ថតរូបពីកាមេរ៉ា...</translation>
    </message>
    <message>
      <source>Remove document</source>
      <translation>ដកឯកសារចេញ</translation>
    </message>
    <message>
      <source>Check</source>
      <translation>ពិនិត្យ</translation>
    </message>
    <message>
      <source>Save draft</source>
      <translation>រក្សាទុកសេចក្តីព្រាង</translation>
    </message>
    <message>
      <source>Queued for NSSF: it is sent with the next submission.</source>
      <translation>បានដាក់ក្នុងជួរសម្រាប់ ប.ស.ស.៖ វានឹងត្រូវផ្ញើនៅពេលផ្ញើលើកក្រោយ។</translation>
    </message>
    <message>
      <source>Saved as a draft. Fix the marked fields to queue it.</source>
      <translation>បានរក្សាទុកជាសេចក្តីព្រាង។ សូមកែប្រអប់ដែលបានសម្គាល់ ដើម្បីដាក់វាក្នុងជួរ។</translation>
    </message>
    <message>
      <source>Saved as a draft.</source>
      <translation>បានរក្សាទុកជាសេចក្តីព្រាង។</translation>
    </message>
    <message>
      <source>NSSF rejected this claim:</source>
      <translation>ប.ស.ស. បានបដិសេធពាក្យស្នើសុំនេះ៖</translation>
    </message>
    <message>
      <source>Attach a document</source>
      <translation>ភ្ជាប់ឯកសារ</translation>
    </message>
    <message>
      <source>PDF or images (*.pdf *.jpg *.jpeg *.png)</source>
      <translation>PDF ឬរូបភាព (*.pdf *.jpg *.jpeg *.png)</translation>
    </message>
    <message>
      <source>Normal</source>
      <translation>ធម្មតា</translation>
    </message>
    <message>
      <source>Caesarean</source>
      <translation>វះកាត់</translation>
    </message>
    <message>
      <source>Only for a caesarean, e.g. O82.1</source>
      <translation>សម្រាប់តែការវះកាត់ប៉ុណ្ណោះ ឧទាហរណ៍ O82.1</translation>
    </message>
    <message>
      <source>Correct and queue again</source>
      <translation>កែ ហើយដាក់ក្នុងជួរម្តងទៀត</translation>
    </message>
    <message>
      <source>Save and queue for NSSF</source>
      <translation>រក្សាទុក ហើយដាក់ក្នុងជួរសម្រាប់ ប.ស.ស.</translation>
    </message>
    <message>
      <source>The file cannot be read.</source>
      <translation>មិនអាចអានឯកសារនេះបានទេ។</translation>
    </message>
    <message>
      <source>Claim %1</source>
      <translation>ពាក្យស្នើសុំ %1</translation>
    </message>
    <message>
      <source>Spouse</source>
      <translation>ប្តី ឬប្រពន្ធ</translation>
    </message>
    <message>
      <source>Child</source>
      <translation>កូន</translation>
    </message>
    <message>
      <source>Parent</source>
      <translation>ឪពុក ឬម្តាយ</translation>
    </message>
    <message>
      <source>Brother or sister</source>
      <translation>បងប្អូន</translation>
    </message>
    <message>
      <source>Other</source>
      <translation>ផ្សេងទៀត</translation>
    </message>
    <message>
      <source>%1 days</source>
      <translation>%1 ថ្ងៃ</translation>
    </message>
    <message>
      <source>NSSF Hospital Desk: reception</source>
      <translation>តុមន្ទីរពេទ្យ ប.ស.ស.៖ ការទទួលអ្នកជំងឺ</translation>
    </message>
    <message>
      <source>Search by NSSF number or name (Khmer or Latin)</source>
      <translation>ស្វែងរកតាមលេខ ប.ស.ស. ឬឈ្មោះ (ខ្មែរ ឬឡាតាំង)</translation>
    </message>
    <message>
      <source>NSSF number or name</source>
      <translation>លេខ ប.ស.ស. ឬឈ្មោះ</translation>
    </message>
    <message>
      <source>Queue: first come, first served</source>
      <translation>ជួររង់ចាំ៖ មកមុន បានមុន</translation>
    </message>
    <message>
      <source>Register visit (F3)</source>
      <translation>ចុះឈ្មោះការមកពិនិត្យ (F3)</translation>
    </message>
    <message>
      <source>Call next (F5)</source>
      <translation>ហៅអ្នកបន្ទាប់ (F5)</translation>
    </message>
    <message>
      <source>Done (F6)</source>
      <translation>រួចរាល់ (F6)</translation>
    </message>
    <message>
      <source>&amp;Desk</source>
      <translation>តុ(&amp;D)</translation>
    </message>
    <message>
      <source>&amp;Queue</source>
      <translation>ជួរ(&amp;Q)</translation>
    </message>
    <message>
      <source>&amp;Claims</source>
      <translation>ពាក្យស្នើសុំ(&amp;C)</translation>
    </message>
    <message>
      <source>&amp;View</source>
      <translation>ទិដ្ឋភាព(&amp;V)</translation>
    </message>
    <message>
      <source>Open card image...</source>
      <translation>បើករូបភាពកាត...</translation>
    </message>
    <message>
      <source>Scan with the camera...</source>
      <translation>ស្កេនដោយកាមេរ៉ា...</translation>
    </message>
    <message>
      <source>Save benefits slip (PDF)...</source>
      <translation>រក្សាទុកប័ណ្ណអត្ថប្រយោជន៍ (PDF)...</translation>
    </message>
    <message>
      <source>Print benefits slip...</source>
      <translation>បោះពុម្ពប័ណ្ណអត្ថប្រយោជន៍...</translation>
    </message>
    <message>
      <source>Quit</source>
      <translation>ចាកចេញ</translation>
    </message>
    <message>
      <source>Search</source>
      <translation>ស្វែងរក</translation>
    </message>
    <message>
      <source>Register visit</source>
      <translation>ចុះឈ្មោះការមកពិនិត្យ</translation>
    </message>
    <message>
      <source>Call next</source>
      <translation>ហៅអ្នកបន្ទាប់</translation>
    </message>
    <message>
      <source>Done</source>
      <translation>រួចរាល់</translation>
    </message>
    <message>
      <source>Sync with NSSF now</source>
      <translation>ធ្វើសមកាលកម្មជាមួយ ប.ស.ស. ឥឡូវនេះ</translation>
    </message>
    <message>
      <source>Claims and billing</source>
      <translation>ពាក្យស្នើសុំ និងការទូទាត់</translation>
    </message>
    <message>
      <source>Start a claim for this visit</source>
      <translation>ចាប់ផ្តើមពាក្យស្នើសុំសម្រាប់ការមកពិនិត្យនេះ</translation>
    </message>
    <message>
      <source>Open card image</source>
      <translation>បើករូបភាពកាត</translation>
    </message>
    <message>
      <source>Images (*.png *.jpg *.jpeg *.bmp)</source>
      <translation>រូបភាព (*.png *.jpg *.jpeg *.bmp)</translation>
    </message>
    <message>
      <source>Member list: none loaded</source>
      <translation>បញ្ជីសមាជិក៖ មិនទាន់មាន</translation>
    </message>
    <message>
      <source>Not enrolled with NSSF</source>
      <translation>មិនទាន់បានចុះឈ្មោះជាមួយ ប.ស.ស.</translation>
    </message>
    <message>
      <source>Online</source>
      <translation>មានការតភ្ជាប់</translation>
    </message>
    <message>
      <source>Offline: working from the list on this computer</source>
      <translation>គ្មានការតភ្ជាប់៖ កំពុងប្រើបញ្ជីនៅលើកុំព្យូទ័រនេះ</translation>
    </message>
    <message>
      <source>Syncing...</source>
      <translation>កំពុងធ្វើសមកាលកម្ម...</translation>
    </message>
    <message>
      <source>Save benefits slip</source>
      <translation>រក្សាទុកប័ណ្ណអត្ថប្រយោជន៍</translation>
    </message>
    <message>
      <source>Scan a card or find the member first.</source>
      <translation>សូមស្កេនកាត ឬស្វែងរកសមាជិកជាមុនសិន។</translation>
    </message>
    <message>
      <source>called</source>
      <translation>បានហៅ</translation>
    </message>
    <message>
      <source>waiting</source>
      <translation>កំពុងរង់ចាំ</translation>
    </message>
    <message>
      <source>Print benefits slip</source>
      <translation>បោះពុម្ពប័ណ្ណអត្ថប្រយោជន៍</translation>
    </message>
    <message>
      <source>User: %1</source>
      <translation>អ្នកប្រើ៖ %1</translation>
    </message>
    <message>
      <source>Nobody found</source>
      <translation>រកមិនឃើញនរណាម្នាក់ទេ</translation>
    </message>
    <message>
      <source>No QR code found in that image.</source>
      <translation>រកមិនឃើញកូដ QR ក្នុងរូបភាពនោះទេ។</translation>
    </message>
    <message>
      <source>Not synced yet</source>
      <translation>មិនទាន់ធ្វើសមកាលកម្ម</translation>
    </message>
    <message>
      <source>Member list as of %1 (%2 days old)</source>
      <translation>បញ្ជីសមាជិកគិតត្រឹមថ្ងៃ %1 (%2 ថ្ងៃមុន)</translation>
    </message>
    <message>
      <source>Sync failed: %1</source>
      <translation>សមកាលកម្មបរាជ័យ៖ %1</translation>
    </message>
    <message>
      <source>Last sync: %1</source>
      <translation>សមកាលកម្មចុងក្រោយ៖ %1</translation>
    </message>
    <message>
      <source>Photograph a document</source>
      <translation>ថតរូបឯកសារ</translation>
    </message>
    <message>
      <source>Take photo</source>
      <translation>ថតរូប</translation>
    </message>
    <message>
      <source>Lay the document flat, fill the picture with it, then take the photo.</source>
      <translation>ដាក់ឯកសារឲ្យរាបស្មើ ឲ្យវាពេញរូបភាព រួចថតរូប។</translation>
    </message>
    <message>
      <source>No camera found. Scan the document and attach the file instead.</source>
      <translation>រកមិនឃើញកាមេរ៉ាទេ។ សូមស្កេនឯកសារ ហើយភ្ជាប់ឯកសារនោះជំនួសវិញ។</translation>
    </message>
    <message>
      <source>No picture from the camera yet.</source>
      <translation>មិនទាន់មានរូបភាពពីកាមេរ៉ានៅឡើយទេ។</translation>
    </message>
    <message>
      <source>Paid against claimed</source>
      <translation>ការទូទាត់ធៀបនឹងការស្នើសុំ</translation>
    </message>
    <message>
      <source>Claims sent to NSSF, by month of service. Difference: what NSSF paid minus what those paid claims asked for.</source>
      <translation>ពាក្យស្នើសុំដែលបានផ្ញើទៅ ប.ស.ស. តាមខែនៃការផ្តល់សេវា។ ភាពខុសគ្នា៖ ចំនួនដែល ប.ស.ស. បានទូទាត់ ដកចំនួនដែលពាក្យស្នើសុំទាំងនោះបានស្នើ។</translation>
    </message>
    <message>
      <source>Month</source>
      <translation>ខែ</translation>
    </message>
    <message>
      <source>Claims sent</source>
      <translation>ពាក្យស្នើសុំបានផ្ញើ</translation>
    </message>
    <message>
      <source>Amount paid</source>
      <translation>ទឹកប្រាក់បានទូទាត់</translation>
    </message>
    <message>
      <source>Difference</source>
      <translation>ភាពខុសគ្នា</translation>
    </message>
    <message>
      <source>Rejected</source>
      <translation>ត្រូវបានបដិសេធ</translation>
    </message>
    <message>
      <source>Waiting for NSSF</source>
      <translation>កំពុងរង់ចាំ ប.ស.ស.</translation>
    </message>
    <message>
      <source>Total</source>
      <translation>សរុប</translation>
    </message>
    <message>
      <source>Not known</source>
      <translation>មិនដឹង</translation>
    </message>
    <message>
      <source>Other scheme</source>
      <translation>របបផ្សេងទៀត</translation>
    </message>
    <message>
      <source>Scan a card, or search by NSSF number or name.</source>
      <translation>សូមស្កេនកាត ឬស្វែងរកតាមលេខ ប.ស.ស. ឬឈ្មោះ។</translation>
    </message>
    <message>
      <source>Male</source>
      <translation>ប្រុស</translation>
    </message>
    <message>
      <source>Female</source>
      <translation>ស្រី</translation>
    </message>
    <message>
      <source>Private sector employee</source>
      <translation>និយោជិតវិស័យឯកជន</translation>
    </message>
    <message>
      <source>Civil servant (public sector)</source>
      <translation>មន្ត្រីរាជការ (វិស័យសាធារណៈ)</translation>
    </message>
    <message>
      <source>Self-employed (voluntary)</source>
      <translation>អ្នកប្រកបរបរខ្លួនឯង (ស្ម័គ្រចិត្ត)</translation>
    </message>
    <message>
      <source>Dependant</source>
      <translation>អ្នកនៅក្នុងបន្ទុក</translation>
    </message>
    <message>
      <source>Manual lookup (no card scanned)</source>
      <translation>ការស្វែងរកដោយដៃ (មិនបានស្កេនកាត)</translation>
    </message>
    <message>
      <source>Born</source>
      <translation>ថ្ងៃកំណើត</translation>
    </message>
    <message>
      <source>Sex</source>
      <translation>ភេទ</translation>
    </message>
    <message>
      <source>Scheme</source>
      <translation>របប</translation>
    </message>
    <message>
      <source>not in the local member list</source>
      <translation>មិនមានក្នុងបញ្ជីសមាជិកក្នុងម៉ាស៊ីនទេ</translation>
    </message>
    <message>
      <source>Principal member</source>
      <translation>សមាជិកគោល</translation>
    </message>
    <message>
      <source>Dependants</source>
      <translation>អ្នកនៅក្នុងបន្ទុក</translation>
    </message>
  </context>
</TS>
