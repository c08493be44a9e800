using Sakip.Api.Infrastructure.Database;

namespace Sakip.Api.Tests.Infrastructure;

public sealed class when_the_embedded_database_cannot_start
{
    [Fact]
    public void a_missing_binary_folder_says_what_to_install_or_configure()
    {
        var error = Should.Throw<InvalidOperationException>(() => PostgresBinaries.Locate("/nonexistent/pg/bin"));
        error.Message.ShouldContain("/nonexistent/pg/bin");
        error.Message.ShouldContain("apt-get install postgresql");
        error.Message.ShouldContain("ConnectionStrings:Sakip");
        error.Message.ShouldContain("Sakip:PostgresBinDirectory");
    }

    [Fact]
    public void the_machine_binaries_are_found_when_installed()
    {
        var bin = PostgresBinaries.Locate(null);
        File.Exists(Path.Combine(bin, "initdb")).ShouldBeTrue();
        File.Exists(Path.Combine(bin, "pg_ctl")).ShouldBeTrue();
    }
}
