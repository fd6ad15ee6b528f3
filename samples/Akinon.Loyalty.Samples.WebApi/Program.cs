using Akinon.Loyalty.Samples.WebApi;

// Akinon's loyalty REST contract for commerce channels 1 and 2 (see SampleApp):
//   dotnet run --project samples/Akinon.Loyalty.Samples.WebApi -- --urls http://127.0.0.1:5080
//   (it prints a key for this run unless Loyalty__Keys__<name>__Hash etc. are set; see README "Security")
//   curl -s -H "Authorization: Token $KEY" http://127.0.0.1:5080/api/v1/remote/1/loyalty_account/
//   curl -s http://127.0.0.1:5080/openapi/v1.json
SampleApp.Build(args).Run();
