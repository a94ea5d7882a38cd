<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="km_KH" sourcelanguage="en">
  <context>
    <name>Desk</name>
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
      <source>English / Khmer</source>
      <translation>អង់គ្លេស / ខ្មែរ</translation>
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
      <source>Something went wrong.</source>
      <translation>មានបញ្ហាកើតឡើង។</translation>
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
      <source>Ticket</source>
      <translation>សំបុត្រ</translation>
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
      <source>NSSF number</source>
      <translation>លេខ ប.ស.ស.</translation>
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
