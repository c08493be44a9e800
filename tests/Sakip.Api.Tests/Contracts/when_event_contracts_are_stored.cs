using System.Net;
using Newtonsoft.Json.Linq;
using Npgsql;
using Snapshooter.Xunit;

namespace Sakip.Api.Tests.Contracts;

/// <summary>
/// Pins the stored form of every event type (its stable name and its JSON) as PostgreSQL holds it, so a
/// change to an event contract shows up as a reviewed snapshot change, not as silently unreadable history.
/// </summary>
[Collection(SakipCollection.Name)]
public sealed class when_event_contracts_are_stored(SakipApp app)
{
    [Fact]
    public async Task opd_events()
    {
        var tenant = SakipApp.NewTenant();
        var admin = app.ClientFor(tenant, "admin");
        (await admin.PostJson($"/api/{tenant}/opds", new
        {
            code = "disdagperinkop", name = "Dinas Perdagangan, Perindustrian dan Koperasi UKM",
            urusanCodes = new[] { "2.17", "3.30", "3.31" },
        })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await admin.PutJson($"/api/{tenant}/opds/disdagperinkop/name",
                new { name = "Dinas Perdagangan dan Perindustrian", expectedVersion = 1 }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        Snapshot.Match(await StoredEvents(tenant));
    }

    [Fact]
    public async Task plan_and_indicator_events()
    {
        var plan = await new Indicators.Buleleng2022(app).Established();
        var url = $"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}";
        (await plan.Planner.PutJson($"{url}/targets", new
        {
            expectedVersion = 3, annualTarget = 80m,
            periodTargets = new object?[] { null, null, 19.5m, null, null, 39m, null, null, 60m, null, null, 80m },
            revision = Indicators.Buleleng2022.TargetRevision(),
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await plan.Planner.PutJson($"{url}/responsible", new
        {
            expectedVersion = 4, position = "Kepala Bidang Koperasi", name = "I Made Sudarma", nip = "197001011990031001",
            revision = new
            {
                kind = "changeOfOfficial", legalBasis = new { type = "SK Bupati", number = "821/45/2022", date = "2022-07-01" },
                reason = "Mutasi jabatan", effectiveFromMonth = 7,
            },
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await plan.Planner.PutJson($"{url}/details", new
        {
            expectedVersion = 5, name = "Persentase Koperasi Aktif dan Sehat", unit = "%",
            formula = "Koperasi aktif dan sehat / jumlah koperasi x 100", dataSource = "ODS Kemenkop",
            revision = new
            {
                kind = "administrativeCorrection", legalBasis = new { type = "Nota Dinas", number = "ND/12/2022", date = "2022-08-01" },
                reason = "Melengkapi formula IKU", effectiveFromMonth = 8,
            },
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var planVersion = (await (await plan.Planner.GetAsync(plan.PlanUrl)).Json(HttpStatusCode.OK))["version"]!.GetValue<int>();
        var nodeId = (await (await plan.Planner.GetAsync(plan.PlanUrl)).Json(HttpStatusCode.OK))["nodes"]![1]!["id"]!.GetValue<string>();
        (await plan.Planner.PutJson($"{plan.PlanUrl}/nodes/{nodeId}", new
        {
            expectedVersion = planVersion, code = "2.17.02", nomenclatureVersion = "Kepmendagri 050-5889/2021",
            name = "Program Pelayanan Izin Usaha Simpan Pinjam", responsible = new { position = "Kepala Dinas" },
            revision = new
            {
                kind = "administrativeCorrection", legalBasis = new { type = "Kepmendagri", number = "050-5889/2021", date = "2021-10-14" },
                reason = "Nomenklatur baru", effectiveFromMonth = 1,
            },
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await plan.Admin.PostJson($"{plan.PlanUrl}/closure", new { expectedVersion = planVersion + 1, reason = "Tutup buku" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await plan.Admin.PostJson($"{plan.PlanUrl}/reopening", new
        {
            expectedVersion = planVersion + 2, reason = "Koreksi",
            legalBasis = new { type = "LHP BPK", number = "12/LHP/2023", date = "2023-05-20" },
        })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var stored = await StoredEvents(plan.Tenant);
        var types = stored.Select(e => (string)e["type"]!).Distinct().ToList();
        types.ShouldBe([
            "opd_registered", "plan_started", "plan_node_added", "indicator_defined", "targets_set", "budget_set",
            "agreement_signed", "responsible_official_assigned", "indicator_details_changed", "plan_node_changed",
            "plan_closed", "plan_reopened",
        ]);
        Snapshot.Match(Scrubbed(new JArray(types.Select(t => stored.First(e => (string)e["type"]! == t)))));
    }

    [Fact]
    public async Task document_heading_events()
    {
        var plan = await new Indicators.Buleleng2022(app).Established();
        var version = (await (await plan.Planner.GetAsync(plan.PlanUrl)).Json(HttpStatusCode.OK))["version"]!.GetValue<int>();
        (await plan.Planner.PutJson($"{plan.PlanUrl}/signatory", new
        {
            expectedVersion = version, reason = "Pelantikan Kepala Dinas",
            signatory = new { position = "Kepala Dinas Perdagangan, Perindustrian dan Koperasi UKM", name = "Drs. Dewa Made Sudiarta, M.Si", nip = "197410141993111001" },
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await plan.Admin.PutJson($"/api/{plan.Tenant}/profile", new { name = "Kabupaten Buleleng", place = "Singaraja", timeZone = "Asia/Makassar" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        var stored = await StoredEvents(plan.Tenant);
        Snapshot.Match(Scrubbed(new JArray(stored.Where(e => (string)e["type"]! is "plan_signatory_assigned" or "tenant_profile_set"))));
    }

    [Fact]
    public async Task realization_events()
    {
        var plan = await new Indicators.Buleleng2022(app).Established();
        var url = $"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}/realizations/3";
        var op = app.ClientFor(plan.Tenant, "operator", opd: Indicators.Buleleng2022.Opd);
        var verifier = app.ClientFor(plan.Tenant, "verifier", userId: "ver-01", opd: Indicators.Buleleng2022.Opd);
        object Report(int version, decimal value, string? reason = null) => new
        {
            expectedVersion = version, value, budgetRealized = 18_000_000m, evidence = "Laporan RAT Maret 2022",
            supportingFactors = "Pendampingan", inhibitingFactors = "Belum RAT", followUp = "Monitoring", correctionReason = reason,
        };
        (await op.PutJson(url, Report(3, 19m))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await verifier.PostJson($"{url}/return", new { expectedVersion = 4, reason = "Bukti kurang" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await op.PutJson(url, Report(5, 19m))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await verifier.PostJson($"{url}/verification", new { expectedVersion = 6, note = "Sesuai" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await op.PutJson(url, Report(7, 19.2m, "Salah ketik"))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var stored = await StoredEvents(plan.Tenant);
        Snapshot.Match(Scrubbed(new JArray(stored.Where(e => ((string)e["type"]!).StartsWith("realization_")))));
    }

    [Fact]
    public async Task renstra_events()
    {
        var tenant = SakipApp.NewTenant();
        var admin = app.ClientFor(tenant, "admin");
        (await admin.PostJson($"/api/{tenant}/opds", new { code = "diskop", name = "Dinas Koperasi", urusanCodes = new[] { "2.17" } }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        var renstra = $"/api/{tenant}/opds/diskop/renstra/2018-2022";
        (await admin.PostAsync(renstra, null)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var position = await (await admin.PostJson($"{renstra}/positions", new
        {
            expectedVersion = 1, name = "Kepala Seksi Kelembagaan dan Pengawasan", tugas = "Menyiapkan bahan penjabaran kebijakan",
            fungsi = new[] { "a. Penyiapan rumusan kebijakan teknis", "b. Perencanaan dan pelaksanaan kegiatan" },
        })).Json(HttpStatusCode.Created);
        var iki = await (await admin.PostJson($"{renstra}/indicators", new
        {
            code = "IKI-09-2", level = "iki", positionId = position["position"]!["id"]!.GetValue<string>(),
            sasaran = "Terlaksananya Penilaian Koperasi yang berprestasi", name = "Jumlah Koperasi Yang Dinilai", explanation = "Cukup jelas",
            unit = "unit", dataSource = "Laporan kegiatan",
            targets = new object[] { new { year = 2018, target = "28 unit" }, new { year = 2019, target = 30 }, new { year = 2020, target = "34 unit" },
                new { year = 2021, target = "36 unit" }, new { year = 2022, target = "38 unit" } },
        })).Json(HttpStatusCode.Created);
        var id = iki["id"]!.GetValue<string>();
        (await admin.PostJson($"{renstra}/signing", new
        {
            expectedVersion = 2, legalBasis = new { type = "SK Kepala Dinas", number = "060/45/KPTS/2020", date = "2020-01-20" },
            signedBy = new { position = "Kepala Dinas" },
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var revision = new
        {
            kind = "renstraPerubahan", legalBasis = new { type = "SK Kepala Dinas", number = "060/12/KPTS/2021", date = "2021-03-01" },
            reason = "Renstra Perubahan", years = new[] { 2021, 2022 },
        };
        (await admin.PutJson($"/api/{tenant}/renstra-indicators/{id}/details", new
        {
            expectedVersion = 2, sasaran = "Terlaksananya Penilaian Koperasi yang berprestasi", name = "Jumlah Koperasi yang Dinilai",
            explanation = "Cukup jelas", unit = "unit", dataSource = "Laporan kegiatan", revision,
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.PutJson($"/api/{tenant}/renstra-indicators/{id}/realizations/2019", new { expectedVersion = 3, value = 29, evidence = "LKjIP 2019" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.PutJson($"{renstra}/positions/{position["position"]!["id"]}", new
        {
            expectedVersion = 3, name = "Kepala Seksi Kelembagaan dan Pengawasan", tugas = "Menyiapkan bahan penjabaran kebijakan kelembagaan",
            fungsi = new[] { "a. Penyiapan rumusan kebijakan teknis" }, revision,
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.PostAsync($"/api/{tenant}/opds/diskop/years/2020/plan", null)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await admin.PostJson($"/api/{tenant}/opds/diskop/years/2020/plan/nodes", new
        {
            expectedVersion = 1, level = "sasaran", code = "SS1", name = "Meningkatnya koperasi berprestasi",
        })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var annual = await (await admin.PostJson($"/api/{tenant}/opds/diskop/years/2020/indicators", new
        {
            code = "IKS-1", nodeCode = "SS1", name = "Jumlah koperasi yang dinilai", unit = "unit", aggregation = "sum", schedule = "quarterly",
            annualTarget = 34, periodTargets = new object?[] { null, null, null, 34 },
        })).Json(HttpStatusCode.Created);
        (await admin.PutJson($"/api/{tenant}/indicators/{annual["id"]}/renstra", new { expectedVersion = 2, renstraIndicator = "IKI-09-2" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        var stored = await StoredEvents(tenant);
        var types = stored.Select(e => (string)e["type"]!).Where(t => t.StartsWith("renstra_") || t == "indicator_cascaded").Distinct().ToList();
        types.ShouldBe([
            "renstra_started", "renstra_position_added", "renstra_indicator_defined", "renstra_targets_set", "renstra_signed",
            "renstra_indicator_details_changed", "renstra_realization_reported", "renstra_position_changed", "indicator_cascaded",
        ]);
        Snapshot.Match(Scrubbed(new JArray(types.Select(t => stored.First(e => (string)e["type"]! == t)))));
    }

    [Fact]
    public async Task the_indicator_read_model()
    {
        var plan = await new Indicators.Buleleng2022(app).Established();
        (await plan.Planner.PutJson($"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}/targets", new
        {
            expectedVersion = 3, annualTarget = 80m,
            periodTargets = new object?[] { null, null, 19.5m, null, null, 39m, null, null, 60m, null, null, 80m },
            revision = Indicators.Buleleng2022.TargetRevision(),
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await (await plan.Planner.GetAsync($"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}"))
            .Content.ReadAsStringAsync();
        Snapshot.Match(Scrubbed(JToken.Parse(body)));
    }

    /// <summary>Generated ids and recorded times differ per run; they are replaced by stable placeholders.</summary>
    public static JToken Scrubbed(JToken json)
    {
        var text = json.ToString(Newtonsoft.Json.Formatting.None);
        var ids = new Dictionary<string, string>();
        text = System.Text.RegularExpressions.Regex.Replace(text,
            "n-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
            m => ids.TryGetValue(m.Value, out var known) ? known : ids[m.Value] = $"<id-{ids.Count + 1}>");
        text = System.Text.RegularExpressions.Regex.Replace(text,
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})", "<recorded-time>");
        return JToken.Parse(text);
    }

    private async Task<JArray> StoredEvents(string tenant)
    {
        await using var connection = new NpgsqlConnection(await app.ConnectionStringFor(tenant));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select type, data::text from sakip.mt_events where tenant_id = $1 order by seq_id", connection)
        {
            Parameters = { new() { Value = tenant } },
        };
        var events = new JArray();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            events.Add(new JObject { ["type"] = reader.GetString(0), ["data"] = JToken.Parse(reader.GetString(1)) });
        return events;
    }
}
