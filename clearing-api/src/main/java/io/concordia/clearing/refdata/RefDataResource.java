package io.concordia.clearing.refdata;

import io.concordia.clearing.common.Created;
import io.concordia.clearing.common.Roles;
import io.concordia.clearing.refdata.RefDataDtos.Asset;
import io.concordia.clearing.refdata.RefDataDtos.CreateAsset;
import io.concordia.clearing.refdata.RefDataDtos.CreateInstrument;
import io.concordia.clearing.refdata.RefDataDtos.CreateProduct;
import io.concordia.clearing.refdata.RefDataDtos.CreateVenue;
import io.concordia.clearing.refdata.RefDataDtos.Instrument;
import io.concordia.clearing.refdata.RefDataDtos.Product;
import io.concordia.clearing.refdata.RefDataDtos.Venue;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Reference data: operators write it, every authenticated caller reads it. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RefDataResource {

    @Inject
    RefDataService refData;

    @POST
    @Path("/admin/assets")
    @RolesAllowed(Roles.OPERATOR)
    @APIResponse(
            responseCode = "201",
            description = "The asset created",
            content = @Content(schema = @Schema(implementation = Asset.class)))
    public Response createAsset(@Valid @NotNull CreateAsset body) {
        return Created.at(refData.createAsset(body), "/api/v1/assets");
    }

    @GET
    @Path("/assets")
    @RolesAllowed({Roles.MEMBER, Roles.OPERATOR, Roles.RISK_OFFICER})
    public List<Asset> assets() {
        return refData.listAssets();
    }

    @POST
    @Path("/admin/venues")
    @RolesAllowed(Roles.OPERATOR)
    @APIResponse(
            responseCode = "201",
            description = "The venue created",
            content = @Content(schema = @Schema(implementation = Venue.class)))
    public Response createVenue(@Valid @NotNull CreateVenue body) {
        return Created.at(refData.createVenue(body), "/api/v1/venues");
    }

    @GET
    @Path("/venues")
    @RolesAllowed({Roles.MEMBER, Roles.OPERATOR, Roles.RISK_OFFICER})
    public List<Venue> venues() {
        return refData.listVenues();
    }

    @POST
    @Path("/admin/products")
    @RolesAllowed(Roles.OPERATOR)
    @APIResponse(
            responseCode = "201",
            description = "The product listed",
            content = @Content(schema = @Schema(implementation = Product.class)))
    public Response createProduct(@Valid @NotNull CreateProduct body) {
        return Created.at(refData.createProduct(body), "/api/v1/products");
    }

    @GET
    @Path("/products")
    @RolesAllowed({Roles.MEMBER, Roles.OPERATOR, Roles.RISK_OFFICER})
    public List<Product> products() {
        return refData.listProducts();
    }

    @POST
    @Path("/admin/venues/{venue}/instruments")
    @RolesAllowed(Roles.OPERATOR)
    @APIResponse(
            responseCode = "201",
            description = "The instrument mapped",
            content = @Content(schema = @Schema(implementation = Instrument.class)))
    public Response createInstrument(@PathParam("venue") String venue, @Valid @NotNull CreateInstrument body) {
        return Created.at(refData.createInstrument(venue, body), "/api/v1/venues/{venue}/instruments", venue);
    }

    @GET
    @Path("/venues/{venue}/instruments")
    @RolesAllowed({Roles.MEMBER, Roles.OPERATOR, Roles.RISK_OFFICER})
    public List<Instrument> instruments(@PathParam("venue") String venue) {
        return refData.listInstruments(venue);
    }
}
