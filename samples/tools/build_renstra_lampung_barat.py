"""Builds samples/renstra-lampung-barat-2018-2022.csv from seed 004 (see samples/README.md for every choice).

    python3 samples/tools/build_renstra_lampung_barat.py > samples/renstra-lampung-barat-2018-2022.csv

The seed's tables are broken across pages and columns by the conversion (the 2022 and SUMBER DATA columns of several
tables are printed below them, tugas lines are cut at the page edge), so the transcription is written out here row by
row, in document order, rather than parsed: each row is as printed, and every departure is named in samples/README.md.
Target cells are kept as printed, units included ("11 Kop", "10%"), in the document's English number format
(806.05, 656,081.37): import with numberFormat=en.
"""
import csv
import sys

OPD, START, END = "diskopukmperindag", 2018, 2022
YEARS = list(range(START, END + 1))
COLUMNS = ["opd", "start_year", "end_year", "level", "position", "tugas", "fungsi", "sasaran", "indicator_code",
           "indicator", "explanation", "unit", "polarity", "data_source"] + [f"target_{y}" for y in YEARS]

DINAS = "Dinas Koperasi UKM, Perindustrian dan Perdagangan Kabupaten Lampung Barat"
KADIS_TUGAS = "Melaksanakan penyusunan dan pelaksanaan kebijakan daerah di bidang Koperasi UKM, Perindustrian"
KADIS_FUNGSI = [
    "a. Perumusan kebijakan teknis di bidang Koperasi UKM, Perindustrian dan Perdagangan",
    "b. Pengoordinasian penyusunan perencanaan Koperasi UKM, Perindustrian dan Perdagangan",
    "c. Pembinaan dan pelaksanaan tugas di bidang Koperasi UKM, Perindustrian dan Perdagangan",
    "d. Pelaksanaan tugas lain yang diberikan oleh Bupati sesuai dengan tugas dan fungsinya; dan",
    "e. Pelayanan administratif.",
]
TUGAS_T = "Melaksanakan, membina dan mengkoordinasikan serta menyelenggarakan sebagian t"
TUGAS_TUGAS = "Melaksanakan, membina dan mengkoordinasikan serta menyelenggarakan sebagian tugas"


def fungsi4(bidang, d_as_printed=None, c_as_printed=None):
    """The four functions the bidang and seksi blocks print, 'di bidang X' filled per block as printed."""
    return [
        f"a. Penyiapan rumusan kebijakan teknis di bidang {bidang}",
        f"b. Penyusunan rencana dan program kerja di bidang {bidang}",
        c_as_printed or f"c. Pelaksanaan dan pengkoordinasian kegiatan dibidang {bidang}",
        d_as_printed or f"d. Pelaksanaan monitoring, evaluasi dan pelaporan kegiatan di bidang {bidang}",
    ]


def same(cell):
    return [cell] * len(YEARS)


IKU = [  # sasaran, indicator, explanation, unit, targets 2018..2022, data source (the IKU table; 2022 and sources printed below it)
    ("Meningkatnya Koperasi yang berkualitas dan berdaya saing", "Meningkatnya Koperasi yang berkualitas dan berdaya saing",
     "Koperasi Sehat sesuai dengan kertas kerja penilaian koperasi sehat", "Kop",
     ["11 Kop", "17 Kop", "22 Kop", "23 Kop", "25 Kop"], "Bid kop UKM"),
    ("Meningkatnya UMKM yang berdaya saing", "Persentase Peningkatan Kemitraan UMKM",
     "(Jumlah UMKM Tahun n - UMKM Tahun n - 1) / Jumlah UMKM Tahun n x 100%", "%", same("10%"), "Bid kop UKM"),
    ("Meningkatnya pertumbuhan Produk Domestik Regional Bruto (PDRB) Sektor perdagangan",
     "Produk Domestik Regional Bruto (PDRB) Sektor Perdagangan (dalam Milyar)", "Data BPS", "Milyar Rupiah",
     ["806.05", "37.96", "870.03", "887.43", "905.17"], "BPS"),
    ("Meningkatnya pertumbuhan Produk Domestik Regional Bruto (PDRB) Sektor Industri",
     "Produk Domestik Regional Bruto (PDRB) Sektor Industri (dalam Milyar)", "Data BPS", "Milyar Rupiah",
     ["320.55", "364.09", "351.35", "358.37", "365.57"], "BPS"),
]

CJ = "cukup jelas"
LK = "Laporan kegiatan"

# position, tugas, fungsi, indicators (sasaran, indicator, explanation, unit, targets, data source[, polarity])
POSITIONS = [
    (f"Kepala {DINAS}", KADIS_TUGAS, KADIS_FUNGSI, [
        ("Meningkatnya Koperasi yang berkualitas dan berdaya saing", "Meningkatnya Koperasi yang berkualitas dan berdaya saing",
         "Koperasi Sehat sesuai dengan kertas kerja penilaian koperasi sehat", "Kop",
         ["11 Kop", "17 Kop", "22 Kop", "23 Kop", "25 Kop"], "Bid kop UKM"),
        ("Meningkatnya UMKM yang berdaya saing", "Persentase Peningkatan Kemitraan UMKM",
         "(Jumlah UMKM Tahun n - UMKM Tahun n - 1) / Jumlah UMKM Tahun n - 1 x 100%", "%", same("10%"), "Bid kop UKM"),
        IKU[2][:5] + ("BPS",),
        IKU[3][:5] + ("BPS",),
    ]),
    (f"Sekretaris {DINAS}",
     "Mengkoordinasikan dan menyelenggarakan kegiatan kesekretariatan, pengelolaan keuangan dan pelayanan administrasi pada "
     "seluruh unit organisasi di lingkungan dinas serta melaksanakan penyusunan program, evaluasi dan pelaporan.",
     ["a. Pelaksanaan koordinasi dalam penyusunan rencana dan program kerja di lingkungan dinas",
      "b. Pelaksanaan tugas administrasi umum dan administrasi kepegawaian, perlengkapan, keuangan, kearsipan dan kerumahtanggaan",
      "c. Pelayanan administrasi, dan",
      "d. Pelaksanaan monitoring, evaluasi dan pelaporan di lingkup Sekretariat dan lingkup dinas ukm, perindustrian, dan perdagangan."],
     [("Terlaksananya Penunjang Urusan Pemerintah Daerah", "Jumlah Bidang Urusan yang dilaksanakan", "Jumlah Bidang Urusan",
       "bidang", same("3 bidang"), "Sekretariat dinas")]),
    (f"Kasubbag Umum dan Kepegawaian {DINAS}",
     "Menyiapkan bahan dalam rangka membantu melaksanakan penjabaran kebijakan teknis di sub bagian umum dan",
     ["a. Pengelolaan administrasi umum dan pengelolaan administrasi kepegawaian",
      "b. Pengelolaan kearsipan, kerumahtanggaan dan perlengkapan dan",
      "c. Pelaksanaan monitoring, evaluasi dan pelaporan kegiatan di lingkup Sub Bagian Umum dan Kepegawaian"],
     [("Terlaksananya Pengamanan Barang Milik Daerah SKPD", "Jumlah Pengamanan Barang Milik Daerah SKPD", CJ, "ruko", same("12 ruko"), LK),
      ("Terlaksananya Pendidikan dan Pelatihan Pegawai Berdasarkan Tugas dan Fungsi", "Jumlah ASN Yang mengikuti Diklat", CJ, "orang", same("2 orang"), LK),
      ("Tersedianya Komponen Instalasi Listrik/ Penerangan Bangunan", "Jumlah Komponen Instalasi Listrik/ Penerangan Bangunan Kantor", CJ, "jenis", same("7 jenis"), LK),
      ("Tersedianya Peralatan dan Perlengkapan Kantor", "Jumlah Peralatan dan Perlengkapan Kantor", CJ, "unit", same("5 unit"), LK),
      ("Tersedianya Barang Cetakan dan Penggandaan", "Jumlah jenis Barang cetakan dan penggandaan", CJ, "jenis", same("10 jenis"), LK),
      ("Tersedianya Bahan Bacaan dan Peraturan Perundang-undangan", "jumlah langganan surat kabar", "Jumlah waktu layanan", "bulan", same("12 bulan"), LK),
      ("Tersedianya Fasilitas Kunjungan Tamu", "jumlah Fasilitas Kunjungan Tamu", "Jumlah waktu fasilitas", "bulan", same("12 bulan"), LK),
      ("Terlaksananya Rapat Koordinasi dan Konsultasi SKPD", "jumlah Bulan Rapat Koordinasi dan Konsultasi SKPD", "Jumlah waktu pelaksanaan", "bulan", same("12 bulan"), LK),
      ("Terlaksananya Pengadaan Mebel", "Jumlah Pengadaan Mebel", CJ, "unit", same("40 unit"), LK),
      ("Terlaksananya Pengadaan Sarana dan Prasarana Gedung Kantor atau Bangunan Lainnya",
       "jumlah unit Pengadaan Sarana dan Prasarana Gedung Kantor atau Bangunan Lainnya", CJ, "unit",
       ["5 unit", "4 unit", "2 unit", "2 unit", "2 unit"], LK),
      ("Tersedianya Jasa Surat Menyurat", "Jumlah Surat Masuk/ Surat Keluar", CJ, "surat", same("804"), LK),
      ("Tersedianya Jasa Komunikasi, Sumber Daya Air dan Listrik", "Jumlah Rekening telpon, air dan listrik yang dibayar", CJ, "rekening", same("6"), LK),
      ("Terlaksananya Penyediaan Jasa Pelayanan Umum Kantor", "Jumlah Sub Bidang Urusan", CJ, "sub bidang urusan", same("4"), LK),
      ("Terlaksananya Pemeliharaan, Biaya Pemeliharaan, dan Pajak Kendaraan Perorangan Dinas Atau Kendaraan Dinas jabatan",
       "Jumlah Mobil dan Motor yang dipelihara", CJ, "unit", same("11 unit"), LK),
      ("Terlaksananya Pemeliharaan Peralatan dan Mesin lainnya", "Jumlah Pemeliharaan Peralatan dan Mesin lainnya", CJ, "jenis", same("4 jenis"), LK),
      ("Terlaksananya Pemeliharaan/ Rehabilitasi Sarana dan Prasarana Gedung Kantor atau Bangunan lainnya",
       "Jumlah Pemeliharaan/ Rehabilitasi Sarana dan Prasarana Gedung Kantor atau Bangunan lainnya", CJ, "gedung", same("2 gedung"), LK)]),
    # The block of the Kasubbag Keuangan (inferred from its indicators; see README): its title line is misplaced in the
    # conversion, which prints the Kepala Dinas's tugas as "Jabatan" and his functions a-c as "Tugas", d-e as "Fungsi".
    (KADIS_TUGAS, "\n".join(KADIS_FUNGSI[:3]), KADIS_FUNGSI[3:],
     [("Tersedianya Penyediaan Gaji dan Tunjangan ASN", "Jumlah Dokumen ASN yang tersedia Gaji dan Tunjangannya", CJ, "dokumen",
       ["14 dokumen", "6 Kop", "9 Kop", "12 Kop", "15 Kop"], "Laporan Kegiatan"),
      ("Tersusunnya", "Jumlah Laporan Keuangan Akhir", CJ, "dokumen", ["1 dokumen", "4%", "6%", "8%", "10%"], "Laporan Kegiatan"),
      ("Tersusunnya Pelaporan Keuangan Bulanan/Triwulan/Semesteran SKPD", "Jumlah Laporan Keuangan Bulanan/Triwulan/Semesteran SKPD",
       CJ, "dokumen", ["2 dokumen", "656,081.37", "662,642.19", "669,268.61", "675,961.30"], "Laporan Kegiatan"),
      ("Tersusunnya Pelaporan Prognosis Realisasi Anggaran", "Jumlah Pelaporan Prognosis Realisasi Anggaran", CJ, "dokumen",
       ["2 dokumen", "250,171.34", "252,673.06", "255,199.79", "257,751.79"], "Laporan Kegiatan")]),
    # Its title is printed on the line above the block; the block's lines repeat the same misplaced Kepala Dinas text.
    (f"Kasubbag Perencanaan {DINAS}", "\n".join(KADIS_FUNGSI[:3]), KADIS_FUNGSI[3:],
     [("Terlaksananya Penyusunan Dokumen Perencanaan Perangkat Daerah", "Jumlah Dokumen Penyusunan Dokumen Perencanaan Perangkat Daerah",
       CJ, "dokumen", ["13 dokumen", "6 Kop", "9 Kop", "12 Kop", "15 Kop"], LK),
      ("Terlaksananya Koordinasi dan Penyusunan Dokumen RKA-SKPD", "Jumlah Dokumen Koordinasi dan Penyusunan Dokumen RKA-SKPD", CJ, "dokumen", same("1 dokumen"), LK),
      ("Terlaksananya Koordinasi dan Penyusunan Dokumen Perubahan RKA-SKPD", "Jumlah Dokumen Koordinasi dan Penyusunan Perubahan RKA-SKPD", CJ, "dokumen", same("1 dokumen"), LK),
      ("Terlaksananya Koordinasi dan Penyusunan DPA-SKPD", "Jumlah Koordinasi dan Penyusunan DPA-SKPD", CJ, "dokumen", same("1 dokumen"), LK),
      ("Terlaksananya Koordinasi dan Penyusunan DPA-Perubahan SKPD", "Jumlah Koordinasi dan Penyusunan Perubahan DPA-SKPD", CJ, "dokumen", same("1 dokumen"), LK),
      ("Terlaksananya Koordinasi dan Penyusunan Laporan Capaian Kinerja dan Ikhtisar Realisasi Kinerja SKPD",
       "Jumlah Koordinasi dan Penyusunan Laporan Capaian Kinerja dan Ikhtisar Realisasi Kinerja SKPD", CJ, "dokumen", same("2 dokumen"), LK),
      ("Terlaksananya Evaluasi Kinerja Perangkat Daerah", "Jumlah Evaluasi Kinerja Perangkat Daerah", CJ, "dokumen", same("5 dokumen"), LK)]),
    ("Kepala Bidang Koperasi dan UKM", "Mengkoordinasikan dan melaksanakan sebagian tugas dinas di bidang koperasi dan UKM",
     ["a. Penyiapan rumusan kebijakan teknis di bidang koperasi dan UKM", "b. Penyusunan rencana dan program kerja di bidang koperasi dan UKM"],
     [("Terlaksananya Pengawasan dan Pemeriksaan Koperasi", "Persentase koperasi yang Aktif", "Jumlah koperasi aktif / jumlah koperasi * 100%",
       "%", ["22%", "24%", "26%", "28%", "30%"], "Hasil Pembinaan"),
      ("Terlaksananya Penilaian Kesehatan KSP/USP Koperasi", "Persentase Penilaian Kesehatan Koperasi",
       "Persentase UMKM yang mengakses perbankan dan lainnya", "%", ["21%", "23%", "25%", "27%", "29%"], "Perbankan dan BLUD PPKUMKM"),
      ("Terlaksananya Pelatihan bagi Pengurus Koperasi", "Persentase Pengurus Koperasi yang dilatih",
       "Jumlah pengurus koperasi mengikuti pelatihan / jumlah pengurus x 100%", "%", ["4%", "8%", "12%", "16%", "20%"], "Hasil Pembinaan"),
      ("Terlaksananya Perberdayaan dan perlindungan koperasi", "Persentase Pertumbuhan koperasi", "Jumlah koperasi Tahun N- N-1/N-1*100%",
       "%", same("2%"), "Hasil Pembinaan"),
      ("Terlaksananya Pemberdayaan UMKM", "Jumlah KUMKM yang difasilitasi Pembiayaan", "Jumlah KUMKM yang difasilitasi", "KUMKM",
       ["31", "189", "317", "330", "340"], "Hasil Pembinaan"),
      ("Terlaksananya Pengembangan UMKM", "Persentase UMKM yang di Kembangkan", "jumlah umkm yang mengikuti pelatihan / jumlah umkm * 100",
       "%", ["2%", "3%", "3.90%", "4.70%", "5%"], "Hasil Pembinaan")]),
    ("Kepala Seksi Pemberdayaan dan Pengembangan UKM",
     "Menyiapkan bahan dalam rangka membantu melaksanakan penjabaran kebijakan dibidang pemberdayaan dan pengembangan UKM",
     ["a. Penyiapan rumusan kebijakan teknis di dibidang pemberdayaan dan pengembangan UKM",
      "b. Perencanaan dan Pelaksanaan kegiatan dibidang pemberdayaan dan pengembangan UKM"],
     [("Terlaksananya Pedataan Koperasi dan UMKM", "Jumlah Dokumen Data Koperasi dan UMKM", "Cukup Jelas", "dokumen", same("1 dokumen"), "Lap. Kegiatan"),
      ("Terlaksananya Sosialisasi Pembiayaan melalui perbankan dan sumberlain", "Jumlah UMKM yang tersosialisasi", "Cukup Jelas", "UMKM",
       ["150 UMKM", "190 UMKM", "200 UMKM", "214 UMKM", "250 UMKM"], "Lap. Kegiatan"),
      ("Terlaksananya Pelatihan Manajemen Pengelolaan usaha dan kewirausahaan", "Jumlah Peserta Pelatihan Manajemen Pengelolaan usaha dan kewirausahaan",
       "Cukup Jelas", "orang", same("100 orang"), "Lap. Kegiatan")]),
    ("Kepala Seksi Pemberdayaan dan Pengembangan Koperasi",
     "Menyiapkan bahan dalam rangka membantu melaksanakan penjabaran kebijakan dibidang pemberdayaan dan pengembangan Koperasi",
     ["a. Penyiapan rumusan kebijakan teknis di dibidang pemberdayaan dan pengembangan Koperasi",
      "b. Perencanaan dan Pelaksanaan kegiatan dibidang pemberdayaan dan pengembangan Koperasi"],
     [("Terlaksananya Pelatihan peningkatan kapasitas dan Kompetetensi SDM Koperasi", "Jumlah Peserta Pelatihan peningkatan kapasitas dan Kompetetensi SDM Koperasi",
       "Cukup jelas", "Orang", ["30 Orang", "33 Orang", "36 Orang", "38 Orang", "42 Orang"], LK),
      ("Terlaksananya Penguatan Kelembagaan Koperasi", "Jumlah Koperasi yang dibina", "Cukup jelas", "unit",
       ["74 uni", "80 unit", "86 unit", "88 unit", "90 unit"], LK)]),
    ("Kepala Seksi Kelembagaan dan Pengawasan",
     "Menyiapkan bahan dalam rangka membantu melaksanakan penjabaran kebijakan dibidang Kelembagaan dan",
     ["a. Penyiapan rumusan kebijakan teknis di dibidang kelembagaan dan pengawasan",
      "b. Perencanaan dan Pelaksanaan kegiatan dibidang kelembagaan dan pengawasan"],
     [("Terlaksananya Koperasi yang diawasi dan diperiksa", "Jumlah Koperasi yang diawasi dan diperiksa", "Cukup jelas", "unit",
       ["16 unit", "17 unit", "19 unit", "20 unit", "23 unit"], LK),
      ("Terlaksananya Penilaian Koperasi yang berprestasi", "Jumlah Koperasi Yang Dinilai", "Cukup jelas", "unit",
       ["28 unit", "30 unit", "34 unit", "36 unit", "38 unit"], LK)]),
    ("Kepala UPT BLUD Perkuatan Permodalan K UMKM", TUGAS_TUGAS,
     ["a. Penyiapan rumusan kebijakan teknis di bidang Perkuatan Permodalan K UMKM",
      "b. Penyusunan rencana dan program kerja di bidang industri Perkuatan Permodalan K UMKM",
      "c. Pelaksanaan dan pengkoordinasian kegiatan dibidang industri Perkuatan Permodalan K UMKM",
      "d. Pelaksanaan monitoring, evaluasi dan pelaporan kegiatan di bidang industri Perkuatan Permodalan K UMKM"],
     [("Terlaksananya Penyaluran dan Monitoring dana bergulir", "Jumlah UMKM yang mengakses dana bergulir PP-KUMKM", "Cukup Jelas", "KUMKM",
       ["30 KUMKM", "35 KUMKM", "35 KUMKM", "40 KUMKM", "40 KUMKM"], "Laporan Akhir BLUD")]),
    ("Kasubbag Tata Usaha UPT BLUD PP K UMKM", TUGAS_TUGAS,
     fungsi4("Tata Usaha UPT BLUD PP K UMKM", d_as_printed="d. Pelaksanaan monitoring, evaluasi dan pelaporan kegiatan di bidang Tata Usaha UPT BLUD"),
     [("Terlaksananya Pelayanan dan Penunjang Pelayanan", "Jumlah Bulan Pelayanan BLUD", "Cukup Jelas", "Bulan", same("12 Bulan"), LK)]),
    ("Kepala Bidang Perdagangan", TUGAS_T,
     ["a. Penyiapan rumusan kebijakan teknis di perdagangan", "b. Penyusunan rencana dan program kerja di perdagangan",
      "c. Pelaksanaan dan pengkoordinasian kegiatan dibidang perdagangan", "d. Pelaksanaan monitoring, evaluasi dan pelaporan kegiatan di bidang perdagangan"],
     [("Terlaksananya Stabilisasi Harga Kebutuhan Pokok dan Barang Penting", "Laju Perubahan Harga Rata-Rata Bahan Pangan Pokok dan Barang Penting",
       "Harga bahan Pokok dan Barang Penting Bulan N- (N-1)/ N-1 x100%", "%", same("5%"), "TPID", "negative"),
      ("Terfasilitasinya UMKM Dalam Promosi Dagang", "Persentase peningkatan jenis produk UMKM yang Terfasilitasi",
       "Jumlah produk umkm yang terfasilitasi T N -(N-1)/ N-1 *100%", "%", same("10%"), "Laporan Kegiatan"),
      ("Terlaksananya Standarisasi dan Perlindungan Konsumen", "Persentase alat UTTP yang Tertera Sah",
       "Jumlah alat ukur UTTP Tertera Sah/Jumlah UTTP yang ada x 100 %", "%", ["1.6%", "2.3%", "2.9%", "3.1%", "3.6%"], "Hasil Pendataan"),
      ("Terlaksananya Pemasaran Produk UMKM", "Persentase peningkatan Pemasaran Produk UMKM",
       "Jumlah Produk yang dipasarkan Tahun N-(N-1)/ x100%", "%", same("100%"), "Laporan Kegiatan")]),
    ("Kepala Seksi Bina Perdagangan dalam dan luar negeri", TUGAS_T, fungsi4("Perdagangan dalam dan luar negeri"),
     [("Terlaksanya Pemantauan harga", "Jumlah Pelaksanaan Pemantauan", "Cukup jelas", "kali", same("48 kali"), LK),
      ("Terlaksananya Operasi Pasar", "Jumlah Pelaksanaan Pasar Murah", "Cukup jelas", "Kali", ["0 Kali", "5 Kali", "5 Kali", "5 Kali", "5 Kali"], LK)]),
    ("Kepala Seksi Bina Usaha dan Promosi Dagang", TUGAS_T,
     fungsi4("bina usaha dan promosi dagang", d_as_printed="d. Pelaksanaan monitoring, evaluasi dan pelaporan kegiatan di bidang bina usaha dan p"),
     [("Terlaksananya Pameran Dagang Nasional", "Jumlah Pelaksanaan Pameran Dagang Nasional", "Cukup Jelas", "kali", same("1 kali"), "Laporan Kegiatan"),
      ("Terlaksananya Pameran Dagang Lokal", "Jumlah Pelaksanaan Pameran Dagan Lokal", "Cukup Jelas", "kali", same("1 kali"), "Laporan Kegiatan"),
      ("Terlaksananya Fasilitasi Pememasaran Produk Unggulan UMKM", "Jumlah Produk UMKM Tersedia di Pasar Modern", "Cukup Jelas", "produk",
       ["1 produk", "1 kali", "1 kali", "1 kali", "1 kali"], "Laporan Kegiatan"),
      ("Terfasilitasinya Merk Dagang Produk UMKM", "Jumlah produk UMKM yang Terfasilitasi HKI", "Cukup Jelas", "UMKM",
       ["", "15 UMKM", "", "15 UMKM", ""], "Laporan Kegiatan")]),
    ("Kepala Seksi Tertib Niaga dan Metrologi Legal", TUGAS_T,
     fungsi4("Tertib Niaga dan Metrologi Legal", c_as_printed="c. Pelaksanaan dan pengkoordinasian kegiatan dibidang Tertib Niaga dan Metrologi Lega",
             d_as_printed="d. Pelaksanaan monitoring, evaluasi dan pelaporan kegiatan di bidang Tertib Niaga dan l"),
     [("Terlaksananya Tera, Tera Ulang", "Jumlah Pelaksanaan Tera tera", "Cukup Jelas", "kali", ["5 kali", "7 kali", "10 kali", "12 kali", "14 kali"], LK),
      ("Terlaksananya Penyuluhan Metrologi Legal", "Jumlah Peserta Penyuluhan Metrologi Legal", "Cukup Jelas", "orang", same("100 orang"), LK)]),
    ("Kepala Bidang Pasar", "Melaksanakan, membina dan mengkoordinasikan serta menyelenggarakan sebagian tugas Dinas di", fungsi4("pasar"),
     [("Meningkatnya kualitas sarana perdagangan", "Jumlah Pasar yang Bertipe A", "Cukup jelas", "pasar",
       ["0 pasar", "0 pasar", "0 pasar", "0 pasar", "1 pasar"], "Laporan Akhir")]),
    ("Kepala Seksi Sarana Prasarana Pasar", TUGAS_TUGAS,
     fungsi4("Sarana dan Prasarana Pasar", d_as_printed="d. Pelaksanaan monitoring, evaluasi dan pelaporan kegiatan di bidang Sarana dan Prasarana"),
     [("Terlaksananya Penyediaan Sarana Distribusi Perdagangan", "jumlah penyediaan sarana dan prasarana pasar yang diRehabilitasi", "Cukup jelas",
       "Bulan", same("12 Bulan"), LK),
      ("Terlaksananya Pengelolaan Sarana Distribusi Perdagangan", "Jumlah PKL yang Terbina", "Cukup jelas", "PKL", same("50 PKL"), LK)]),
    ("Kepala Seksi Ketertiban dan Kebersihan Pasar", TUGAS_TUGAS, fungsi4("Ketertiban dan Kebersihan Pasar"),
     [("Terlaksananya Pengelolaan Sarana Distribusi Perdagangan", "Jumlah Petugas Kebersihan Pasar Pemda", "Cukup jelas", "orang",
       ["21 orang", "22 orang", "23 orang", "24 orang", "24 orang"], LK)]),
    ("Kepala Seksi Pendataan dan Penagihan retribusi", "Melaksanakan, membina dan mengkoordinasikan serta menyelenggarakan sebagian tugas Dinas di",
     fungsi4("Pendataan dan Penagihan Retribusi"),
     [("Terlaksananya Pengelola Sarana Distribusi Perdagangan", "Jumlah Pengelola Pasar Pemda", "Cukup jelas", "orang",
       ["", "", "32 orang", "22 orang", "22 orang"], LK)]),
    ("Kepala Seksi Industri Agro", "Melaksanakan, membina dan mengkoordinasikan serta menyelenggarakan sebagian tugas Dinas di bidang",
     fungsi4("Industri agro"),
     [("Telaksananya Pembinaan IKM", "Jumlah IKM yang Dibina", "Cukup jelas", "IKM", ["160 IKM", "162 IKM", "162 IKM", "165 IKM", "170 IKM"], LK)]),
    ("Kepala Seksi Bina Produksi dan Sarana Prasarana Industri",
     "Melaksanakan, membina dan mengkoordinasikan serta menyelenggarakan sebagian tugas Dinas di bidang",
     fungsi4("Bina Produksi dan Sarana Prasarana Industri",
             d_as_printed="d. Pelaksanaan monitoring, evaluasi dan pelaporan kegiatan di bidang Bina Produksi dan Sarana Prasarana I"),
     [("Tersedianya peralatan produksi bagi IKM", "Jumlah Alat Produksi IKM", "Cukup jelas", "unit",
       ["12 unit", "15 unit", "20 unit", "23 unit", "24 unit"], LK)]),
]


def row(level, position, tugas, fungsi, code, item):
    sasaran, indicator, explanation, unit, targets, source = item[:6]
    polarity = item[6] if len(item) > 6 else "positive"
    return [OPD, START, END, level, position, tugas, "\n".join(fungsi), sasaran, code, indicator, explanation, unit,
            polarity, source] + targets


def main():
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(COLUMNS)
    for n, item in enumerate(IKU, 1):
        out.writerow(row("iku", "", "", [], f"IKU-{n}", item))
    for p, (position, tugas, fungsi, items) in enumerate(POSITIONS, 1):
        for n, item in enumerate(items, 1):
            first = n == 1  # a position's tugas and fungsi sit on its first row
            out.writerow(row("iki", position, tugas if first else "", fungsi if first else [], f"IKI-{p:02}-{n}", item))


if __name__ == "__main__":
    main()
