using Akinon.Loyalty.Samples.WebApi;

// Akinon's loyalty REST contract for commerce channels 1 and 2 (see SampleApp):
//   dotnet run --project samples/Akinon.Loyalty.Samples.WebApi -- --urls http://127.0.0.1:5080
//   curl -s http://127.0.0.1:5080/api/v1/remote/1/loyalty_account/
//   curl -s http://127.0.0.1:5080/openapi/v1.json
SampleApp.Build(args).Run();
